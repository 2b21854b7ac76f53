import { type INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { errorBody } from '../errors/error-body';

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

/**
 * JSON body parsing with our own error answers: body-parser's failures (malformed JSON, too
 * large, wrong charset) happen before Nest's routing, so its exception filter never sees them.
 */
export function useJsonBodyParsing(app: INestApplication, limit: string): void {
  app.use(express.json({ limit, verify: refuseDeepNesting }));
  app.use((err: BodyParserError, _req: Request, res: Response, next: NextFunction) => {
    switch (err.type) {
      case 'entity.parse.failed':
        res.status(400).json(errorBody(400, 'Malformed JSON body'));
        return;
      case 'entity.too.large':
        res.status(413).json(errorBody(413, `Request body exceeds the limit of ${limit}`));
        return;
      case 'entity.too.deep':
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

/** body-parser's `verify` hook: one pass over the raw bytes, before `JSON.parse`. */
function refuseDeepNesting(_req: unknown, _res: unknown, buf: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const byte = buf[i];
    if (inString) {
      if (byte === BACKSLASH) i += 1;
      else if (byte === QUOTE) inString = false;
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
