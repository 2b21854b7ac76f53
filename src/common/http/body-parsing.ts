import { type INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { DomainError } from '../errors/domain-error';
import { errorBody } from '../errors/error-body';
import { statusForCode } from '../errors/error-status';
import { NUL_MESSAGE, scanJsonBody } from '../json/json-body-scan';
import { wrapLargeJson } from '../json/large-json';
import { markFreeOfPrototypeKeys } from '../validation/free-form';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

/** A JSON body as a heavy-work thread parsed it, or why it refused it (body-parser's error type). */
export type ParsedOffThread =
  | {
      body: unknown;
      /** Paths of values the thread left as JSON text, to wrap as LargeJson. */
      large: string[][];
      mayHavePrototypeKeys: boolean;
    }
  | {
      refused: { type: 'entity.parse.failed' | 'entity.too.deep' | 'entity.nul'; message: string };
    };

/**
 * Which bodies are parsed off the event loop, and by what: a 1 MB form body (32,000 rows) took
 * 20–30 ms of `JSON.parse` and byte scanning on the loop, and as long again to hand to a worker
 * thread for validation; parsed on a thread, its big values never come back as objects.
 */
export interface BodyOffload {
  /** Express route paths (POST) whose big bodies carry form data (see LargeJson). */
  paths: string[];
  /** Bodies declaring at least this many bytes (Content-Length) go to the thread. */
  minBytes: number;
  parse(bytes: Uint8Array): Promise<ParsedOffThread>;
}

/**
 * JSON body parsing with our own error answers: body-parser's failures (malformed JSON, too
 * large, wrong charset) happen before Nest's routing, so its exception filter never sees them.
 * NUL characters are refused in the URL and the body alike: PostgreSQL stores none in text or
 * jsonb, and a query carrying one would fail with a 500.
 */
export function useJsonBodyParsing(
  app: INestApplication,
  limit: string,
  offload?: BodyOffload,
): void {
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (/%00/i.test(req.url)) res.status(400).json(errorBody(400, NUL_MESSAGE));
    else next();
  });
  if (offload) app.use(offload.paths, offThreadParsing(limit, offload));
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
        // The heavy-work pool refused the parse (saturated, over its budget).
        if (err instanceof DomainError) {
          const status = statusForCode(err.code);
          res.status(status).json(errorBody(status, err.message, { code: err.code }));
        } else next(err);
    }
  });
}

const NO_PROTOTYPE_KEYS = Symbol('no-prototype-keys');
type ScannedRequest = Request & { [NO_PROTOTYPE_KEYS]?: boolean };

/**
 * body-parser's `verify` hook: {@link scanJsonBody} over the raw bytes, before `JSON.parse`; when
 * no prototype key can be in the body, the validation pipe need not walk a big form document to
 * strip them (see FreeFormAwareValidationPipe).
 */
function checkJsonBody(req: ScannedRequest, _res: unknown, buf: Buffer): void {
  req[NO_PROTOTYPE_KEYS] = !scanJsonBody(buf).mayHavePrototypeKeys;
}

/**
 * Reads a big JSON body as bytes (the same size limit) and has a heavy-work thread check and
 * parse it (see {@link BodyOffload}); any other body goes on to `express.json`. Only bodies that
 * declare their length, in UTF-8 and uncompressed: the rest are parsed as before.
 */
function offThreadParsing(
  limit: string,
  offload: BodyOffload,
): (req: Request, res: Response, next: NextFunction) => void {
  const readRaw = express.raw({ type: () => true, limit });
  return (req, res, next) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    const charset = /;\s*charset=([^;\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1];
    if (
      req.method !== 'POST' ||
      declared < offload.minBytes ||
      encoding !== 'identity' ||
      !req.is('application/json') ||
      (charset !== undefined && charset.toLowerCase() !== 'utf-8')
    ) {
      next();
      return;
    }
    readRaw(req, res, (error?: unknown) => {
      const bytes: unknown = req.body;
      if (error !== undefined || !Buffer.isBuffer(bytes)) {
        next(error);
        return;
      }
      offload.parse(bytes).then((parsed) => {
        if ('refused' in parsed) {
          next(Object.assign(new Error(parsed.refused.message), { type: parsed.refused.type }));
          return;
        }
        wrapLargeJson(parsed.body, parsed.large);
        req.body = parsed.body;
        if (!parsed.mayHavePrototypeKeys) markFreeOfPrototypeKeys(req.body);
        next();
      }, next);
    });
  };
}

/** The provider of the {@link BodyOffload} the application uses (the heavy-work module's). */
export const BODY_OFFLOAD = Symbol('BODY_OFFLOAD');
