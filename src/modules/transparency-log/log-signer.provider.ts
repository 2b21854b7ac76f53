import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { AppConfigService } from '../../config/app-config.service';
import { encodeSignerKey, type NoteSigner, parseSignerKey } from './signed-note';

export const LOG_SIGNER = Symbol('LOG_SIGNER');

/**
 * The checkpoint signer: TLOG_SIGNING_KEY inline, else the file TLOG_SIGNING_KEY_FILE (default
 * `<DATA_DIR>/tlog-signing.key`). On first start no file exists: one is generated (mode 0600,
 * created exclusively so the API and a worker starting together agree on one key) and its path
 * logged. Keep that file out of the database's reach and back it up: the key is what makes a
 * checkpoint unforgeable by whoever controls the database.
 */
export async function loadLogSigner(config: AppConfigService): Promise<NoteSigner> {
  const inline = config.get('TLOG_SIGNING_KEY');
  if (inline) return parseSignerKey(inline);
  const path = resolve(
    config.get('TLOG_SIGNING_KEY_FILE') ?? join(config.get('DATA_DIR'), 'tlog-signing.key'),
  );
  const existing = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (existing !== null) return parseSignerKey(existing);
  await mkdir(dirname(path), { recursive: true });
  const key = encodeSignerKey(config.get('TLOG_ORIGIN'), randomBytes(32));
  try {
    await writeFile(path, `${key}\n`, { flag: 'wx', mode: 0o600 });
    new Logger('TransparencyLog').warn(
      `No checkpoint signing key was configured: generated one in ${path} (keep it safe, back it up)`,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return parseSignerKey(await readFile(path, 'utf8'));
}

export const logSignerProvider = {
  provide: LOG_SIGNER,
  inject: [AppConfigService],
  useFactory: loadLogSigner,
};
