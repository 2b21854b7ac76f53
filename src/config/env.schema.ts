import Joi from 'joi';

/**
 * Every environment variable the service reads, validated once at start-up. A missing or
 * malformed value stops the process with Joi's message, which names the variable.
 */
export const envSchema = Joi.object<Env>({
  NODE_ENV: Joi.string().valid('development', 'production', 'test').default('development'),
  PORT: Joi.number().port().default(3000),
  HOST: Joi.string().default('0.0.0.0'),
  DATABASE_URL: Joi.string()
    .uri({ scheme: ['postgres', 'postgresql'] })
    .default('postgres://postgres@localhost:5432/directive_workflow'),
  DATABASE_POOL_SIZE: Joi.number().integer().min(1).max(200).default(20),
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
  LOGIN_RATE_WINDOW_MS: Joi.number().integer().min(1000).default(60_000),
  COMMAND_WAIT_MS: Joi.number().integer().min(0).max(60_000).default(2000),
  RUN_WORKERS: Joi.boolean().truthy('1').falsy('0').default(true),
  WORKER_CONCURRENCY: Joi.number().integer().min(1).max(256).default(16),
  SWEEP_INTERVAL_MS: Joi.number().integer().min(100).default(5000),
  SWEEP_GRACE_MS: Joi.number().integer().min(0).default(10_000),
  LOG_LEVEL: Joi.string()
    .valid('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent')
    .default('info'),
});

export interface Env {
  NODE_ENV: 'development' | 'production' | 'test';
  PORT: number;
  HOST: string;
  DATABASE_URL: string;
  DATABASE_POOL_SIZE: number;
  REDIS_URL: string;
  QUEUE_PREFIX: string;
  JWT_SECRET: string;
  JWT_EXPIRES_IN: string;
  SEED_PASSWORD: string;
  BODY_LIMIT: string;
  LOGIN_RATE_LIMIT: number;
  LOGIN_RATE_WINDOW_MS: number;
  COMMAND_WAIT_MS: number;
  RUN_WORKERS: boolean;
  WORKER_CONCURRENCY: number;
  SWEEP_INTERVAL_MS: number;
  SWEEP_GRACE_MS: number;
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
