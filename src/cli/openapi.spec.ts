import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The committed document and types are what the web app and the tests compile against: a route or
// DTO changed without `npm run openapi` would let them drift from the API unseen. The generator
// runs as its own process (`--check`): openapi-typescript loads ES modules, which jest's CommonJS
// runtime cannot.
describe('openapi.json and web/src/api/schema.d.ts', () => {
  it('are up to date with the controllers and DTOs (run `npm run openapi` when this fails)', () => {
    const root = join(__dirname, '..', '..');
    const run = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join('src', 'cli', 'openapi.ts'), '--check'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 120_000);
});
