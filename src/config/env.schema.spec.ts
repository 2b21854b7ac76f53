import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KNOWN_DEMO_SECRETS, validateEnv } from './env.schema';

/** Every JWT_SECRET value the compose file and the README spell out (fallbacks, examples). */
function secretsWrittenInTheRepository(): string[] {
  const root = join(__dirname, '..', '..');
  const text = ['docker-compose.yml', 'README.md']
    .map((file) => readFileSync(join(root, file), 'utf8'))
    .join('\n');
  const values = [...text.matchAll(/JWT_SECRET(?::-|[=:]\s*)([^\s}`'"|]{4,})/g)].map((m) => m[1]);
  return values.filter((value) => !value.startsWith('$'));
}

describe('validateEnv', () => {
  it('applies the api.md defaults', () => {
    const env = validateEnv({});
    expect(env.PORT).toBe(3000);
    // No Redis unless configured: the queues then live in PostgreSQL (issue #14 item 2).
    expect(env.REDIS_URL).toBeUndefined();
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

  it('leaves JWT_SECRET unset when none is given, in every environment', () => {
    expect(validateEnv({ NODE_ENV: 'production' }).JWT_SECRET).toBeUndefined();
    expect(validateEnv({ JWT_SECRET: '' }).JWT_SECRET).toBeUndefined();
    const secret = randomBytes(24).toString('base64url');
    expect(validateEnv({ NODE_ENV: 'production', JWT_SECRET: secret }).JWT_SECRET).toBe(secret);
  });

  it('refuses a short JWT_SECRET, naming the variable', () => {
    expect(() => validateEnv({ JWT_SECRET: 'x'.repeat(31) })).toThrow(
      /"JWT_SECRET" must be at least 32 characters/,
    );
  });

  it('refuses every JWT_SECRET published with the project, naming the variable', () => {
    for (const secret of [...KNOWN_DEMO_SECRETS, ...secretsWrittenInTheRepository()]) {
      expect(() => validateEnv({ JWT_SECRET: secret })).toThrow(
        /"JWT_SECRET" (is a publicly known demo value|must be at least)/,
      );
    }
    expect(() =>
      validateEnv({ JWT_SECRET: 'please-change-me-before-production-use-1234' }),
    ).toThrow(/publicly known/);
  });

  it('reads RUN_WORKERS=false as false', () => {
    expect(validateEnv({ RUN_WORKERS: 'false' }).RUN_WORKERS).toBe(false);
  });
});
