import { BadRequestException, type INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import { type ValidationError } from 'class-validator';
import compression from 'compression';
import { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { join } from 'node:path';
import { constants as zlib } from 'node:zlib';
import { AppConfigService } from '../../config/app-config.service';
import { webRoot } from '../../config/web-root';
import { type ErrorDetail } from '../errors/domain-error';
import { BODY_OFFLOAD, type BodyOffload, useJsonBodyParsing } from './body-parsing';
import { withLanguage } from '../i18n/language';
import { FreeFormAwareValidationPipe } from '../validation/free-form';
import { inlineScriptHashes } from './inline-scripts';
import { buildOpenApiDocument } from './openapi-document';

/**
 * Everything an HTTP application needs beyond its modules. Shared by `main.ts` and the tests so
 * the tests exercise exactly what runs in production.
 */
export function configureApp(app: INestApplication): void {
  const config = app.get(AppConfigService);
  app.useLogger(app.get(Logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // The web app's one inline script (the early inbox) by its hash; no other inline script.
          'script-src': ["'self'", ...inlineScriptHashes(join(webRoot(config), 'index.html'))],
          // Swagger UI at /api/docs and the web app's component library (antd's CSS-in-JS)
          // need inline styles.
          'style-src': ["'self'", "'unsafe-inline'"],
          // blob: for the workflow diagrams the web app fetches and shows as <img> (never inline SVG).
          'img-src': ["'self'", 'data:', 'blob:'],
          // Commune offices often reach the server over plain HTTP on a LAN; upgrading would
          // send the browser to an https:// that is not there.
          'upgrade-insecure-requests': null,
        },
      },
    }),
  );
  // Brotli (or gzip) for the JSON answers (the scripts are compressed once at build time): a
  // commune office on a slow mobile link downloads a third of the bytes. Quality 4: a command's
  // 8.4 kB answer takes 0.13 ms of CPU (quality 5: 0.23 ms, a twentieth of the API's CPU per
  // command) for 7 % more bytes (2.8 kB instead of 2.6 kB).
  app.use(
    compression({
      threshold: 1024,
      brotli: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } },
    }),
  );
  // API answers are per caller (and carry tokens, form data, documents): no cache may keep them.
  app.use('/api', (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  useJsonBodyParsing(app, config.get('BODY_LIMIT'), app.get<symbol, BodyOffload>(BODY_OFFLOAD));
  // After the body is read: a body parser calls on from the socket's events, outside any context
  // set before it. English unless the request prefers Vietnamese (the web app always says which).
  app.use((req: Request, _res: Response, next: NextFunction) =>
    withLanguage(req.acceptsLanguages('en', 'vi') === 'vi' ? 'vi' : 'en', next),
  );
  app.useGlobalPipes(
    new FreeFormAwareValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) =>
        new BadRequestException({ message: 'Validation failed', details: flatten(errors) }),
    }),
  );
  app.enableShutdownHooks();

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

function flatten(errors: ValidationError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const path = `${parent}/${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...flatten(error.children ?? [], path)];
  });
}
