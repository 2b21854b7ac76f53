import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// openapi-typescript loads ES modules, which Jest's module system cannot: the generator runs as
// `npm run openapi` does, in its own Node process, writing into a temporary directory.
const root = join(__dirname, '..', '..');
const files = ['openapi.json', 'web/src/api/schema.d.ts'];

/**
 * The committed OpenAPI document and the types generated from it must match the code: a DTO or
 * route change without `npm run openapi` fails here, before web/ or the tests read stale types.
 */
describe('openapi.json and web/src/api/schema.d.ts', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'dwf-openapi-'));

  beforeAll(() => {
    execFileSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'src/cli/openapi.ts', '--out-dir', outDir],
      { cwd: root, stdio: 'pipe' },
    );
  });

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it.each(files)('%s is up to date (else run `npm run openapi`)', (file) => {
    expect(readFileSync(join(root, file), 'utf8')).toBe(readFileSync(join(outDir, file), 'utf8'));
  });

  it('describes the routes and the error body', () => {
    const document = JSON.parse(readFileSync(join(outDir, 'openapi.json'), 'utf8')) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(document.paths)).toContain('/api/instances/{id}');
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['InstanceDto', 'ErrorBodyDto', 'ErrorDetailDto']),
    );
  });
});
