import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const PROJECT_ROOT = resolve(__dirname, '..', '..', '..');

/**
 * Builds the web application with Vite into a fresh temporary folder and returns it. Vite 8 is
 * ESM-only and Jest's CommonJS runtime cannot import it, so its own CLI runs in a child process.
 */
export async function buildWebApp(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'dwf-web-'));
  await promisify(execFile)(
    process.execPath,
    [
      join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      join(PROJECT_ROOT, 'web', 'vite.config.mts'),
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'error',
    ],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return outDir;
}
