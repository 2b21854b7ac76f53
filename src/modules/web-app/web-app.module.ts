import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { AbstractLoader, ExpressLoader, ServeStaticModule } from '@nestjs/serve-static';
import { type Response } from 'express';
import { sep } from 'node:path';
import { AppConfigService } from '../../config/app-config.service';
import { PrecompressedAssets } from './precompressed-assets.middleware';
import { webRoot } from '../../config/web-root';

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
  providers: [PrecompressedAssets],
  imports: [
    ServeStaticModule.forRootAsync({
      inject: [AppConfigService],
      // The module picks its loader from the HTTP adapter present when it is instantiated, which a
      // testing module does not have yet; the app is always Express, so name its loader outright.
      extraProviders: [{ provide: AbstractLoader, useClass: ExpressLoader }],
      useFactory: (config: AppConfigService) => {
        return [
          {
            rootPath: webRoot(config),
            exclude: ['/api{/*path}', '/health{/*path}'],
            serveStaticOptions: { setHeaders: cacheHeaders, fallthrough: true },
          },
        ];
      },
    }),
  ],
})
export class WebAppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(PrecompressedAssets)
      .forRoutes({ path: 'assets/*path', method: RequestMethod.GET });
  }
}
