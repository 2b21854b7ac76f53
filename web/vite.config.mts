import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin, transformWithOxc } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * Rewrites `import { Button, DatePicker } from 'antd'` into one import per component
 * (`antd/es/button`, `antd/es/date-picker`). Through the barrel every component any page uses
 * lands in the first chunk (the barrel must run whole before the inbox); one by one, a component
 * only a lazily loaded page needs ships with that page.
 */
function antdPerComponent(): Plugin {
  const kebab = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
  return {
    name: 'antd-per-component',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/web\/src\/.*\.tsx?$/.test(id)) return null;
      return code.replace(/import\s*\{([^}]*)\}\s*from\s*'antd';/g, (whole, names: string) => {
        const specifiers = names
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean);
        if (specifiers.some((part) => part.startsWith('type '))) return whole;
        return specifiers
          .map((part) => {
            const [imported, local = imported] = part.split(/\s+as\s+/);
            return `import ${local} from 'antd/es/${kebab(imported)}';`;
          })
          .join('\n');
      });
    },
  };
}

/**
 * Writes a brotli (`.br`, quality 11) and a gzip (`.gz`) twin of every script and stylesheet, which
 * the server sends as they are (PrecompressedAssets): the best compression, paid once per build.
 */
function precompress(): Plugin {
  return {
    name: 'precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir ?? '';
      for (const [name, output] of Object.entries(bundle)) {
        if (!/\.(js|css)$/.test(name)) continue;
        const source = Buffer.from(output.type === 'chunk' ? output.code : output.source);
        await writeFile(
          join(dir, `${name}.br`),
          brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
        await writeFile(join(dir, `${name}.gz`), gzipSync(source, { level: 9 }));
      }
    },
  };
}

/**
 * Emits `src/early-inbox.ts`, compiled and minified on its own (a classic script, hashed for the
 * long cache), and loads it
 * `async` from index.html: it starts the inbox's first request while the bundle downloads.
 */
function earlyInbox(): Plugin {
  let fileName = '';
  return {
    name: 'early-inbox',
    apply: 'build',
    async buildStart() {
      const path = join(webRoot, 'src', 'early-inbox.ts');
      const { code } = await transformWithOxc(await readFile(path, 'utf8'), path, {
        target: 'es2020',
      });
      const source = code;
      const hash = createHash('sha256').update(source).digest('base64url').slice(0, 8);
      fileName = `assets/early-inbox-${hash}.js`;
      this.emitFile({ type: 'asset', fileName, source });
    },
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        { tag: 'script', attrs: { async: true, src: `/${fileName}` }, injectTo: 'head' },
      ],
    },
  };
}

/**
 * Every module the first page statically needs (the shell, the inbox, react, antd's core), found
 * once the module graph is known and put in ONE chunk: left to automatic splitting, the pieces the
 * lazy pages share with it came as a dozen small files, each a request with its own headers and
 * latency on a slow link, and compressed apart they compress worse.
 */
const firstLoad = new Set<string>();
function collectFirstLoad(): Plugin {
  return {
    name: 'collect-first-load',
    apply: 'build',
    buildEnd() {
      firstLoad.clear();
      const entries = [...this.getModuleIds()].filter((id) => this.getModuleInfo(id)?.isEntry);
      const stack = [...entries];
      while (stack.length > 0) {
        const id = stack.pop() as string;
        if (firstLoad.has(id)) continue;
        firstLoad.add(id);
        stack.push(...(this.getModuleInfo(id)?.importedIds ?? []));
      }
      // The entry modules stay in the entry chunk; only what they pull in is grouped.
      for (const id of entries) firstLoad.delete(id);
    },
  };
}

/**
 * The single-page application, built into `dist/web` (after `nest build`, which empties `dist/`).
 * The browser tests build it elsewhere with `--outDir` and point WEB_DIST_DIR at it.
 */
export default defineConfig({
  root: webRoot,
  base: '/',
  publicDir: false,
  plugins: [antdPerComponent(), collectFirstLoad(), earlyInbox(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    sourcemap: false,
    rolldownOptions: {
      onwarn(warning, warn) {
        // antd and rc-* ship "use client" directives, meaningless in a client-only bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
      output: {
        codeSplitting: {
          groups: [{ name: 'first-load', test: (id: string) => firstLoad.has(id) }],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/health': 'http://localhost:3000',
    },
  },
});
