import { validateEnv } from './env.schema';

describe('validateEnv', () => {
  it('applies the api.md defaults', () => {
    const env = validateEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.REDIS_URL).toBe('redis://localhost:6379');
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATA_DIR).toBe('./data');
    expect(env.SEED_PASSWORD).toBe('demo');
    expect(env.RUN_WORKERS).toBe(true);
  });

  it('names every malformed variable', () => {
    expect(() => validateEnv({ DATABASE_URL: 'mysql://x', PORT: 'eighty' })).toThrow(
      /DATABASE_URL.*PORT|PORT.*DATABASE_URL/,
    );
  });

  it('requires a real JWT secret in production', () => {
    expect(() => validateEnv({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(
      validateEnv({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).JWT_SECRET,
    ).toHaveLength(32);
  });

  it('reads RUN_WORKERS=false as false', () => {
    expect(validateEnv({ RUN_WORKERS: 'false' }).RUN_WORKERS).toBe(false);
  });
});
