import { type INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { errorBody } from '../errors/error-body';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

/**
 * JSON body parsing with our own error answers: body-parser's failures (malformed JSON, too
 * large, wrong charset) happen before Nest's routing, so its exception filter never sees them.
 */
export function useJsonBodyParsing(app: INestApplication, limit: string): void {
  app.use(express.json({ limit }));
  app.use((err: BodyParserError, _req: Request, res: Response, next: NextFunction) => {
    switch (err.type) {
      case 'entity.parse.failed':
        res.status(400).json(errorBody(400, 'Malformed JSON body'));
        return;
      case 'entity.too.large':
        res.status(413).json(errorBody(413, `Request body exceeds the limit of ${limit}`));
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
