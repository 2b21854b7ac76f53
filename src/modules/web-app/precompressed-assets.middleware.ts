import { Injectable, type NestMiddleware } from '@nestjs/common';
import { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { AppConfigService } from '../../config/app-config.service';
import { webRoot } from '../../config/web-root';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/**
 * Serves the build's brotli (`.br`) or gzip (`.gz`) twin of a hashed asset when the browser takes
 * it: compressed once at the highest level when built, instead of on every request. Anything
 * else falls through to the static files (and the compression middleware).
 */
@Injectable()
export class PrecompressedAssets implements NestMiddleware {
  private readonly assets: string;

  constructor(config: AppConfigService) {
    this.assets = join(webRoot(config), 'assets');
  }

  use(request: Request, response: Response, next: NextFunction): void {
    const type = CONTENT_TYPES[extname(request.path)];
    const accepted = request.headers['accept-encoding'] ?? '';
    const encoding = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : null;
    const file = normalize(join(this.assets, request.path.replace(/^\/assets\//, '')));
    if (!type || !encoding || !file.startsWith(this.assets + sep)) return next();
    const twin = `${file}.${encoding === 'br' ? 'br' : 'gz'}`;
    if (!existsSync(twin)) return next();
    response.setHeader('Content-Type', type);
    response.setHeader('Content-Encoding', encoding);
    response.setHeader('Vary', 'Accept-Encoding');
    response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    response.sendFile(twin);
  }
}
