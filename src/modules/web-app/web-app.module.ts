import { Module } from '@nestjs/common';
import { AbstractLoader, ExpressLoader, ServeStaticModule } from '@nestjs/serve-static';
import { type Response } from 'express';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { AppConfigService } from '../../config/app-config.service';

/** The project root: this file sits at src/modules/web-app (or dist/modules/web-app when built). */
const PROJECT_ROOT = resolve(__dirname, '..', '..', '..');

/** Hashed asset files never change under their name; everything else is revalidated. */
function cacheHeaders(response: Response, path: string): void {
  const immutable = path.includes(`${sep}assets${sep}`);
  response.setHeader(
    'Cache-Control',
    immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  );
}

/**
 * Serves the built web application (Vite's output) at `/`, with index.html for the client-side
 * routes; the API (`/api…`) and `/health` are left to their controllers.
 */
@Module({
  imports: [
    ServeStaticModule.forRootAsync({
      inject: [AppConfigService],
      // The module picks its loader from the HTTP adapter present when it is instantiated, which a
      // testing module does not have yet; the app is always Express, so name its loader outright.
      extraProviders: [{ provide: AbstractLoader, useClass: ExpressLoader }],
      useFactory: (config: AppConfigService) => {
        const dir = config.get('WEB_DIST_DIR');
        return [
          {
            rootPath: isAbsolute(dir) ? dir : join(PROJECT_ROOT, dir),
            exclude: ['/api{/*path}', '/health{/*path}'],
            serveStaticOptions: { setHeaders: cacheHeaders, fallthrough: true },
          },
        ];
      },
    }),
  ],
})
export class WebAppModule {}
