import Joi from 'joi';

/** The shortest `JWT_SECRET` accepted: 32 characters, 256 bits of HMAC-SHA256 key at best. */
export const MIN_JWT_SECRET_LENGTH = 32;

/**
 * Secrets that have been published with this project (the repository, its compose file, its
 * README, examples): anyone can sign a token with them, so the service refuses to start on one.
 * Placeholders asking to be changed are refused too.
 */
export const KNOWN_DEMO_SECRETS: readonly string[] = [
  'development-only-secret-change-me',
  'demo-only-jwt-secret-change-me',
];
const PLACEHOLDER = /change[-_ ]?me|replace[-_ ]?me|your[-_ ]?secret/i;

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
  // Setup and migrations connect with this owner URL when set; the serving processes use
  // DATABASE_URL, whose role setup limits to what serving needs (no UPDATE/DELETE/TRUNCATE of
  // history). Unset: one URL does both, with no such limit.
  DATABASE_OWNER_URL: Joi.string()
    .uri({ scheme: ['postgres', 'postgresql'] })
    .optional(),
  // Where the product keeps its files: the embedded PostgreSQL's cluster, the log's signing key
  // and checkpoints.
  DATA_DIR: Joi.string().default('./data'),
  EMBEDDED_POSTGRES_PORT: Joi.number().port().default(5488),
  DATABASE_POOL_SIZE: Joi.number().integer().min(1).max(200).default(20),
  // The longest an API or worker statement may run (streamed exports excepted); past it the
  // request answers 503. 0: unbounded.
  DATABASE_STATEMENT_TIMEOUT_MS: Joi.number().integer().min(0).max(3_600_000).default(10_000),
  // Set: the BullMQ queues live in Redis (compose's production default). Unset (or empty): in
  // BullMQ's PostgreSQL backend, schema `bullmq` of the same database, so PostgreSQL alone runs
  // the whole product.
  REDIS_URL: Joi.string()
    .empty('')
    .uri({ scheme: ['redis', 'rediss'] })
    .optional(),
  // Connections each queue or worker of the PostgreSQL backend may open (besides its LISTEN one).
  QUEUE_POSTGRES_POOL_SIZE: Joi.number().integer().min(1).max(50).default(2),
  QUEUE_PREFIX: Joi.string()
    .pattern(/^[a-zA-Z0-9_-]+$/)
    .default('dwf'),
  // Unset (or empty): a random secret generated once and kept in PostgreSQL (see auth module).
  JWT_SECRET: Joi.string()
    .empty('')
    .min(MIN_JWT_SECRET_LENGTH)
    .custom((value: string, helpers) =>
      KNOWN_DEMO_SECRETS.includes(value) || PLACEHOLDER.test(value)
        ? helpers.error('secret.known')
        : value,
    )
    .messages({
      'string.min':
        '"JWT_SECRET" must be at least {#limit} characters: set a long random value, or leave it unset and the server generates one',
      'secret.known':
        '"JWT_SECRET" is a publicly known demo value: anyone could sign tokens with it; set a long random value, or leave it unset and the server generates one',
    })
    .optional(),
  JWT_EXPIRES_IN: Joi.string()
    .pattern(/^\d+[smhd]$/)
    .default('8h'),
  SEED_PASSWORD: Joi.string().min(1).default('demo'),
  // `if-empty`: setup seeds the demo organisation, users and letter only into a database without
  // units, and a built-in workflow only while no admin has published over it; `force` re-applies
  // the demo data, reverting admin changes to demo units, users and built-in workflows.
  SEED_DEMO: Joi.string().valid('if-empty', 'force').default('if-empty'),
  BODY_LIMIT: Joi.string()
    .pattern(/^\d+(b|kb|mb)$/i)
    .default('1mb'),
  LOGIN_RATE_LIMIT: Joi.number().integer().min(1).default(10),
  LOGIN_RATE_LIMIT_PER_ADDRESS: Joi.number().integer().min(1).default(30),
  LOGIN_RATE_WINDOW_MS: Joi.number().integer().min(1000).default(60_000),
  COMMAND_WAIT_MS: Joi.number().integer().min(0).max(60_000).default(2000),
  RUN_WORKERS: Joi.boolean().truthy('1').falsy('0').default(true),
  WORKER_CONCURRENCY: Joi.number().integer().min(1).max(256).default(16),
  // The worker decides up to this many commands in one transaction, waiting at most this long
  // for a batch to fill (1 and 0: one command at a time, as they come).
  COMMAND_BATCH_SIZE: Joi.number().integer().min(1).max(256).default(8),
  COMMAND_BATCH_WAIT_MS: Joi.number().integer().min(0).max(1000).default(2),
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
  // Deadlines live in PostgreSQL; each sweep puts into the queue only the timers due within this
  // horizon, so opening or closing a step never touches the queue. Keep it above the interval.
  TIMER_QUEUE_HORIZON_MS: Joi.number().integer().min(1000).default(300_000),
  PERIODIC_REPORT_PERIOD: Joi.string().valid('quarter', 'half-year', 'year').default('quarter'),
  // Notifications go in-app always; by email too when SMTP_URL is set (smtp:// or smtps://).
  SMTP_URL: Joi.string()
    .uri({ scheme: ['smtp', 'smtps'] })
    .optional(),
  SMTP_FROM: Joi.string().default('Hệ thống điều hành <no-reply@localhost>'),
  // The built web application (Vite's output), served at `/`; relative to the project root.
  WEB_DIST_DIR: Joi.string().default('dist/web'),
  // Transparency log: the checkpoint signer's private key (signed-note form
  // PRIVATE+KEY+name+hash+key) given inline or as a file (default: <DATA_DIR>/tlog-signing.key,
  // generated on first start); the log's origin line; where checkpoints are also written; and
  // how often new history is taken into the log and a checkpoint signed.
  TLOG_SIGNING_KEY: Joi.string()
    .pattern(/^PRIVATE\+KEY\+/)
    .optional(),
  TLOG_SIGNING_KEY_FILE: Joi.string().optional(),
  TLOG_ORIGIN: Joi.string()
    .pattern(/^[^\s+]+$/)
    .default('directive-workflow/history-log'),
  TLOG_CHECKPOINT_DIR: Joi.string().optional(),
  TLOG_INTERVAL_MS: Joi.number().integer().min(100).default(5000),
  // CPU-heavy work (diagram layout, Stately import, validation of a definition) runs on a pool of
  // worker threads, each task within a time budget; finished published diagrams are kept.
  HEAVY_WORK_THREADS: Joi.number().integer().min(1).max(64).default(2),
  HEAVY_WORK_TIMEOUT_MS: Joi.number().integer().min(100).max(600_000).default(10_000),
  DIAGRAM_CACHE_SIZE: Joi.number().integer().min(1).default(500),
  // How big a definition may be, checked at validate, publish and import.
  DEFINITION_MAX_STATES: Joi.number().integer().min(2).default(100),
  DEFINITION_MAX_EVENTS: Joi.number().integer().min(1).default(200),
  DEFINITION_MAX_DEPTH: Joi.number().integer().min(8).max(256).default(32),
  DEFINITION_MAX_BYTES: Joi.number()
    .integer()
    .min(1024)
    .default(256 * 1024),
  // Bounds added to a published form's strings and arrays that have none, and the largest array
  // a uniqueItems check may run over.
  FORM_MAX_STRING_LENGTH: Joi.number().integer().min(1).default(10_000),
  FORM_MAX_ITEMS: Joi.number().integer().min(1).default(1_000),
  FORM_MAX_UNIQUE_ITEMS: Joi.number().integer().min(1).default(1_000),
  // Form data with more values than this (every 1,000 characters of text counting as one) is
  // validated on the heavy-work threads, within HEAVY_WORK_TIMEOUT_MS; smaller data inline.
  FORM_INLINE_MAX_NODES: Joi.number().integer().min(0).default(2_000),
  // A command body (form data) of at least this many bytes is parsed on the heavy-work threads;
  // its big values stay there as text. Smaller bodies are parsed inline.
  BODY_OFFLOAD_BYTES: Joi.number()
    .integer()
    .min(1024)
    .default(64 * 1024),
  // Working days: the office day ends at this local time (HH:MM) in TIMEZONE.
  OFFICE_DAY_END: Joi.string()
    .pattern(/^([01]\d|2[0-3]):[0-5]\d$/)
    .default('17:00'),
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
  DATABASE_OWNER_URL?: string;
  DATABASE_URL?: string;
  DATA_DIR: string;
  EMBEDDED_POSTGRES_PORT: number;
  DATABASE_POOL_SIZE: number;
  DATABASE_STATEMENT_TIMEOUT_MS: number;
  REDIS_URL?: string;
  QUEUE_POSTGRES_POOL_SIZE: number;
  QUEUE_PREFIX: string;
  JWT_SECRET?: string;
  JWT_EXPIRES_IN: string;
  SEED_PASSWORD: string;
  SEED_DEMO: 'if-empty' | 'force';
  BODY_LIMIT: string;
  LOGIN_RATE_LIMIT: number;
  LOGIN_RATE_LIMIT_PER_ADDRESS: number;
  LOGIN_RATE_WINDOW_MS: number;
  COMMAND_WAIT_MS: number;
  RUN_WORKERS: boolean;
  WORKER_CONCURRENCY: number;
  COMMAND_BATCH_SIZE: number;
  COMMAND_BATCH_WAIT_MS: number;
  WORKER_LOCK_MS: number;
  SWEEP_INTERVAL_MS: number;
  SWEEP_GRACE_MS: number;
  ATTACHMENT_MAX_BYTES: number;
  ATTACHMENT_STORAGE: 'postgres' | 'disk';
  ATTACHMENT_DIR: string;
  TIMEZONE: string;
  TIMER_SWEEP_INTERVAL_MS: number;
  TIMER_QUEUE_HORIZON_MS: number;
  PERIODIC_REPORT_PERIOD: 'quarter' | 'half-year' | 'year';
  SMTP_URL?: string;
  SMTP_FROM: string;
  WEB_DIST_DIR: string;
  TLOG_SIGNING_KEY?: string;
  TLOG_SIGNING_KEY_FILE?: string;
  TLOG_ORIGIN: string;
  TLOG_CHECKPOINT_DIR?: string;
  TLOG_INTERVAL_MS: number;
  HEAVY_WORK_THREADS: number;
  HEAVY_WORK_TIMEOUT_MS: number;
  DIAGRAM_CACHE_SIZE: number;
  DEFINITION_MAX_STATES: number;
  DEFINITION_MAX_EVENTS: number;
  DEFINITION_MAX_DEPTH: number;
  DEFINITION_MAX_BYTES: number;
  FORM_MAX_STRING_LENGTH: number;
  FORM_MAX_ITEMS: number;
  FORM_MAX_UNIQUE_ITEMS: number;
  FORM_INLINE_MAX_NODES: number;
  BODY_OFFLOAD_BYTES: number;
  OFFICE_DAY_END: string;
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
