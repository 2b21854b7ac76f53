import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, minify, type Plugin, transformWithOxc } from 'vite';
import { DICTIONARIES } from './src/i18n/dictionary';

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

/** The dictionary entries src/early-inbox.ts draws the inbox with, in both languages. */
const EARLY_TEXT_KEYS = [
  'app.title',
  'app.short',
  'inbox.title',
  'inbox.list',
  'inbox.col.title',
  'inbox.col.workflow',
  'inbox.col.state',
  'inbox.col.unit',
  'inbox.col.received',
  'inbox.col.due',
  'inbox.overdue',
  'inbox.noDeadline',
  'inbox.workingDaysLeft',
  'claim.claimedBy',
  'claim.nobody',
  'returned.title',
  'returned.rejectedTitle',
  'returned.line',
] as const;

/**
 * Puts `src/early-inbox.ts`, compiled and minified on its own with the app's wording in place of
 * `__EARLY_TEXTS__`, inline at the top of index.html: a classic script that asks for the inbox's
 * first screen the moment the page arrives (a file of its own would cost one more round trip,
 * over half a second on a slow mobile link) and draws its rows while the bundle downloads. The
 * server allows exactly this inline script by its hash (src/common/http/inline-scripts.ts).
 */
function earlyInbox(): Plugin {
  let source = '';
  return {
    name: 'early-inbox',
    apply: 'build',
    async buildStart() {
      const path = join(webRoot, 'src', 'early-inbox.ts');
      const texts = Object.fromEntries(
        Object.entries(DICTIONARIES).map(([language, dictionary]) => [
          language,
          Object.fromEntries(EARLY_TEXT_KEYS.map((key) => [key, dictionary[key]])),
        ]),
      );
      const { code } = await transformWithOxc(await readFile(path, 'utf8'), path, {
        target: 'es2020',
        define: { __EARLY_TEXTS__: JSON.stringify(texts) },
      });
      // `<\/` keeps any "</script>" in a string from closing the element early.
      source = (await minify('early-inbox.js', code)).code.trim().replaceAll('</', '<\\/');
    },
    transformIndexHtml: {
      order: 'post',
      handler: () => [{ tag: 'script', children: source, injectTo: 'head-prepend' }],
    },
  };
}

/**
 * The app's own stylesheet (a few KB; antd styles itself from the script) inline in index.html:
 * one request fewer for the first screen, whose requests queue for the browser's six connections
 * to the server. The file stays in the build for pages that ask for it by name.
 */
function inlineStylesheet(): Plugin {
  return {
    name: 'inline-stylesheet',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle }) {
        return html.replace(
          /<link rel="stylesheet"[^>]*href="\/([^"]+\.css)"[^>]*>/g,
          (link, fileName: string) => {
            const asset = bundle?.[fileName];
            if (asset?.type !== 'asset') return link;
            return `<style>${String(asset.source)}</style>`;
          },
        );
      },
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
  plugins: [
    antdPerComponent(),
    collectFirstLoad(),
    earlyInbox(),
    inlineStylesheet(),
    precompress(),
  ],
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
