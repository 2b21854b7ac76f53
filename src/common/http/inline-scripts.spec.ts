import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inlineScriptHashes } from './inline-scripts';

describe('inlineScriptHashes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dwf-csp-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

  it('hashes each inline script exactly as written, and no script loaded by src', () => {
    const file = join(dir, 'index.html');
    const early = 'window.a = "Việc cần xử lý";';
    writeFileSync(
      file,
      `<!doctype html><html><head><script>${early}</script>` +
        '<script type="module" crossorigin src="/assets/index-x.js"></script>' +
        '<script async src="/assets/y.js"></script></head>' +
        '<body><script type="text/javascript">\n  go();\n</script></body></html>',
    );
    expect(inlineScriptHashes(file)).toEqual([sha256(early), sha256('\n  go();\n')]);
  });

  it('allows nothing more without a web build', () => {
    expect(inlineScriptHashes(join(dir, 'missing', 'index.html'))).toEqual([]);
  });
});
