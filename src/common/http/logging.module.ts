import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { AppConfigService } from '../../config/app-config.service';

/**
 * Structured JSON logs with a request id: taken from `X-Request-Id` when the caller sends a sane
 * one, otherwise generated, and echoed back on the response.
 */
export const AppLoggerModule = LoggerModule.forRootAsync({
  inject: [AppConfigService],
  useFactory: (config: AppConfigService) => ({
    pinoHttp: {
      level: config.get('LOG_LEVEL'),
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const incoming = req.headers['x-request-id'];
        const id =
          typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming)
            ? incoming
            : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
      // A successful command or command-status request is the hot path: logging each at info
      // costs CPU per command and floods the log; it stays visible at debug, failures at info.
      customLogLevel: (req: IncomingMessage, res: ServerResponse, error?: Error) =>
        !error && res.statusCode < 400 && isHotPath(req) ? 'debug' : 'info',
    },
  }),
});

/** `POST /api/instances/:id/commands` and `GET /api/commands/:id`. */
const HOT_PATH = /^\/api\/(?:instances\/[^/?]+\/commands|commands\/[^/?]+)(?:\?|$)/;

function isHotPath(req: IncomingMessage): boolean {
  return HOT_PATH.test(req.url ?? '');
}
