import Joi from 'joi';

/**
 * Every environment variable the service reads, validated once at start-up. A missing or
 * malformed value stops the process with Joi's message, which names the variable.
 */
export const envSchema = Joi.object<Env>({
  NODE_ENV: Joi.string().valid('development', 'production', 'test').default('development'),
  PORT: Joi.number().port().default(3000),
  HOST: Joi.string().default('0.0.0.0'),
  // Unset: `npm start` (and `npm run setup`) run an embedded PostgreSQL with its data under DATA_DIR.
  DATABASE_URL: Joi.string()
    .uri({ scheme: ['postgres', 'postgresql'] })
    .optional(),
  // Where the product keeps its files: the embedded PostgreSQL's cluster among them.
  DATA_DIR: Joi.string().default('./data'),
  EMBEDDED_POSTGRES_PORT: Joi.number().port().default(5488),
  DATABASE_POOL_SIZE: Joi.number().integer().min(1).max(200).default(20),
  // The longest an API or worker statement may run (streamed exports excepted); past it the
  // request answers 503. 0: unbounded.
  DATABASE_STATEMENT_TIMEOUT_MS: Joi.number().integer().min(0).max(3_600_000).default(10_000),
  REDIS_URL: Joi.string()
    .uri({ scheme: ['redis', 'rediss'] })
    .default('redis://localhost:6379'),
  QUEUE_PREFIX: Joi.string()
    .pattern(/^[a-zA-Z0-9_-]+$/)
    .default('dwf'),
  JWT_SECRET: Joi.string()
    .min(16)
    .when('NODE_ENV', {
      is: 'production',
      then: Joi.required(),
      otherwise: Joi.optional().default('development-only-secret-change-me'),
    }),
  JWT_EXPIRES_IN: Joi.string()
    .pattern(/^\d+[smhd]$/)
    .default('8h'),
  SEED_PASSWORD: Joi.string().min(1).default('demo'),
  BODY_LIMIT: Joi.string()
    .pattern(/^\d+(b|kb|mb)$/i)
    .default('1mb'),
  LOGIN_RATE_LIMIT: Joi.number().integer().min(1).default(10),
  LOGIN_RATE_LIMIT_PER_ADDRESS: Joi.number().integer().min(1).default(30),
  LOGIN_RATE_WINDOW_MS: Joi.number().integer().min(1000).default(60_000),
  COMMAND_WAIT_MS: Joi.number().integer().min(0).max(60_000).default(2000),
  RUN_WORKERS: Joi.boolean().truthy('1').falsy('0').default(true),
  WORKER_CONCURRENCY: Joi.number().integer().min(1).max(256).default(16),
  // How long a worker's lock on a job lasts (renewed at half-time while it runs), and how often
  // workers look for jobs whose lock lapsed: a killed worker's jobs run again within about twice this.
  WORKER_LOCK_MS: Joi.number().integer().min(1000).max(600_000).default(30_000),
  SWEEP_INTERVAL_MS: Joi.number().integer().min(100).default(5000),
  SWEEP_GRACE_MS: Joi.number().integer().min(0).default(10_000),
  // Attachments: largest upload accepted (bytes), and where their content is kept.
  ATTACHMENT_MAX_BYTES: Joi.number()
    .integer()
    .min(1)
    .max(1024 * 1024 * 1024)
    .default(20 * 1024 * 1024),
  ATTACHMENT_STORAGE: Joi.string().valid('postgres', 'disk').default('postgres'),
  ATTACHMENT_DIR: Joi.string().default('./data/attachments'),
  // Time: the zone periods and report dates are reckoned in, how often timers are checked
  // against PostgreSQL, and the periodic report's cycle.
  TIMEZONE: Joi.string()
    .custom((value: string) => {
      new Intl.DateTimeFormat('en', { timeZone: value });
      return value;
    }, 'IANA time zone')
    .default('Asia/Ho_Chi_Minh'),
  TIMER_SWEEP_INTERVAL_MS: Joi.number().integer().min(100).default(30_000),
  PERIODIC_REPORT_PERIOD: Joi.string().valid('quarter', 'half-year', 'year').default('quarter'),
  // Notifications go in-app always; by email too when SMTP_URL is set (smtp:// or smtps://).
  SMTP_URL: Joi.string()
    .uri({ scheme: ['smtp', 'smtps'] })
    .optional(),
  SMTP_FROM: Joi.string().default('Hệ thống điều hành <no-reply@localhost>'),
  // The built web application (Vite's output), served at `/`; relative to the project root.
  WEB_DIST_DIR: Joi.string().default('dist/web'),
  // A bearer token a Prometheus scraper may read /metrics with (admins' access tokens work too);
  // empty: none (compose passes it through empty when unset).
  METRICS_TOKEN: Joi.string().min(16).allow('').optional(),
  LOG_LEVEL: Joi.string()
    .valid('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent')
    .default('info'),
});

export interface Env {
  NODE_ENV: 'development' | 'production' | 'test';
  PORT: number;
  HOST: string;
  DATABASE_URL?: string;
  DATA_DIR: string;
  EMBEDDED_POSTGRES_PORT: number;
  DATABASE_POOL_SIZE: number;
  DATABASE_STATEMENT_TIMEOUT_MS: number;
  REDIS_URL: string;
  QUEUE_PREFIX: string;
  JWT_SECRET: string;
  JWT_EXPIRES_IN: string;
  SEED_PASSWORD: string;
  BODY_LIMIT: string;
  LOGIN_RATE_LIMIT: number;
  LOGIN_RATE_LIMIT_PER_ADDRESS: number;
  LOGIN_RATE_WINDOW_MS: number;
  COMMAND_WAIT_MS: number;
  RUN_WORKERS: boolean;
  WORKER_CONCURRENCY: number;
  WORKER_LOCK_MS: number;
  SWEEP_INTERVAL_MS: number;
  SWEEP_GRACE_MS: number;
  ATTACHMENT_MAX_BYTES: number;
  ATTACHMENT_STORAGE: 'postgres' | 'disk';
  ATTACHMENT_DIR: string;
  TIMEZONE: string;
  TIMER_SWEEP_INTERVAL_MS: number;
  PERIODIC_REPORT_PERIOD: 'quarter' | 'half-year' | 'year';
  SMTP_URL?: string;
  SMTP_FROM: string;
  WEB_DIST_DIR: string;
  METRICS_TOKEN?: string;
  LOG_LEVEL: string;
}

/**
 * Validates a raw environment (used by ConfigModule and by the stand-alone scripts that run
 * without Nest, such as migrations and the seed).
 */
export function validateEnv(raw: Record<string, unknown>): Env {
  const result: Joi.ValidationResult<Env> = envSchema.validate(raw, {
    allowUnknown: true,
    abortEarly: false,
    convert: true,
  });
  if (result.error) {
    const messages = result.error.details.map((d) => d.message);
    throw new Error(`Invalid configuration: ${messages.join('; ')}`);
  }
  return result.value;
}
