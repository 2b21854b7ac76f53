import { createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { type DataSource } from 'typeorm';
import { AuthRepository } from './auth.repository';

/** The row of `app_secrets` holding the generated token-signing secret. */
const GENERATED_SECRET_NAME = 'jwt-signing-secret';

/**
 * The key access tokens are signed and verified with, made once per process: a `KeyObject`, so
 * jsonwebtoken uses it as is instead of probing a string as a public key on every request.
 *
 * From `JWT_SECRET` when set (the configuration schema has refused short and published values).
 * Otherwise from PostgreSQL: the first process to start stores a random 384-bit secret, and every
 * later start and every other API process reads that same one, so sessions survive restarts and
 * work across processes. Never a value anyone else knows.
 */
export async function loadSigningKey(
  configured: string | undefined,
  dataSource: DataSource,
): Promise<KeyObject> {
  // Empty counts as unset (compose passes `JWT_SECRET=` through when none is given).
  const secret = configured || (await storedSecret(dataSource));
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

function storedSecret(dataSource: DataSource): Promise<string> {
  // Built before the container has providers: the repository is stateless.
  return new AuthRepository().secret(
    dataSource.manager,
    GENERATED_SECRET_NAME,
    randomBytes(48).toString('base64url'),
  );
}
