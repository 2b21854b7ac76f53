import { type INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { errorBody } from '../errors/error-body';
import { markFreeOfPrototypeKeys } from '../validation/free-form';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

/**
 * How deeply a JSON body may nest. Far beyond what any form or definition needs, far below what
 * the recursive walks after parsing (validation pipe, class-transformer, Ajv) survive: a body
 * nested ten thousand levels deep would overflow their stack and answer 500.
 */
export const MAX_JSON_DEPTH = 64;

const NUL_MESSAGE = 'The request contains a NUL character (\\u0000), which cannot be stored';

/**
 * JSON body parsing with our own error answers: body-parser's failures (malformed JSON, too
 * large, wrong charset) happen before Nest's routing, so its exception filter never sees them.
 * NUL characters are refused in the URL and the body alike: PostgreSQL stores none in text or
 * jsonb, and a query carrying one would fail with a 500.
 */
export function useJsonBodyParsing(app: INestApplication, limit: string): void {
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (/%00/i.test(req.url)) res.status(400).json(errorBody(400, NUL_MESSAGE));
    else next();
  });
  app.use(express.json({ limit, verify: checkJsonBody }));
  app.use((req: Request, _res: Response, next: NextFunction) => {
    if ((req as ScannedRequest)[NO_PROTOTYPE_KEYS] === true) markFreeOfPrototypeKeys(req.body);
    next();
  });
  app.use((err: BodyParserError, req: Request, res: Response, next: NextFunction) => {
    switch (err.type) {
      case 'entity.parse.failed':
        res.status(400).json(errorBody(400, 'Malformed JSON body'));
        return;
      case 'entity.too.large':
        // Stop reading a body that is still arriving: the connection closes after the answer.
        if (!req.complete) res.setHeader('Connection', 'close');
        res.status(413).json(errorBody(413, `Request body exceeds the limit of ${limit}`));
        return;
      case 'entity.too.deep':
      case 'entity.nul':
        res.status(400).json(errorBody(400, err.message));
        return;
      case 'charset.unsupported':
      case 'encoding.unsupported':
        res.status(415).json(errorBody(415, err.message));
        return;
      case undefined:
      default:
        next(err);
    }
  });
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

const NUL_ESCAPE = Buffer.from('u0000');

const NO_PROTOTYPE_KEYS = Symbol('no-prototype-keys');
type ScannedRequest = Request & { [NO_PROTOTYPE_KEYS]?: boolean };
// A key can only be one of these if its name is in the raw bytes, or spelt with \u escapes.
const PROTOTYPE_KEY_TRACES = ['__proto__', 'constructor', 'prototype', '\\u'];

/**
 * body-parser's `verify` hook: one pass over the raw bytes, before `JSON.parse`, refusing nesting
 * deeper than {@link MAX_JSON_DEPTH} and `\u0000` escapes in strings (a raw NUL byte is already
 * malformed JSON).
 */
function checkJsonBody(req: ScannedRequest, _res: unknown, buf: Buffer): void {
  // A native search of the bytes: when no prototype key can be in the body, the validation pipe
  // need not walk a big form document to strip them (see FreeFormAwareValidationPipe).
  req[NO_PROTOTYPE_KEYS] = !PROTOTYPE_KEY_TRACES.some((trace) => buf.includes(trace));
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const byte = buf[i];
    if (inString) {
      if (byte === BACKSLASH) {
        const end = i + 1 + NUL_ESCAPE.length;
        if (end <= buf.length && buf.compare(NUL_ESCAPE, 0, NUL_ESCAPE.length, i + 1, end) === 0) {
          throw Object.assign(new Error(NUL_MESSAGE), { type: 'entity.nul' });
        }
        i += 1;
      } else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth += 1;
      if (depth > MAX_JSON_DEPTH) {
        throw Object.assign(new Error(`JSON body nests deeper than ${MAX_JSON_DEPTH} levels`), {
          type: 'entity.too.deep',
        });
      }
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
}
