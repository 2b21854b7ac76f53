import { Injectable, type NestMiddleware } from '@nestjs/common';
import { type NextFunction, type Request, type Response } from 'express';
import { AppMetrics } from './app-metrics.service';

/**
 * Times every request to its last byte and labels it with the route pattern Express matched
 * (`/api/instances/:id`), never the raw path, so ids do not multiply the series.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: AppMetrics) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = (req.route as { path?: unknown } | undefined)?.path;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.observeHttp(
        req.method,
        typeof route === 'string' ? route : 'unmatched',
        res.statusCode,
        seconds,
      );
    });
    next();
  }
}
