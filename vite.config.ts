import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parse, TYPE } from '@formatjs/icu-messageformat-parser';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { catalogPart } from './app/i18n/catalog-parts.js';

// The API runs beside Vite in development (scripts/dev.ts); Vite forwards to it.
const api = `http://localhost:${process.env.HEARTH_API_PORT ?? 3001}`;

/** Text the browser downloads; source maps are fetched only by developer tools. */
const COMPRESSIBLE = /\.(js|css|html|svg|json|webmanifest)$/;

/**
 * Brotli and gzip copies of every text file, made once at build time at the highest levels, so the
 * server sends them as they are (`preCompressed`) instead of compressing on every request.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'hearth-precompress',
    apply: 'build',
    configResolved: (config) => void (outDir = path.resolve(config.root, config.build.outDir)),
    closeBundle() {
      for (const entry of fs.readdirSync(outDir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !COMPRESSIBLE.test(entry.name)) continue;
        const file = path.join(entry.parentPath, entry.name);
        const content = fs.readFileSync(file);
        fs.writeFileSync(
          `${file}.br`,
          zlib.brotliCompressSync(content, {
            params: {
              [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length,
            },
          }),
        );
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(content, { level: zlib.constants.Z_BEST_COMPRESSION }));
      }
    },
  };
}

/** `app/i18n/catalogs/xx.json?part=first` (or `rest`): one part of a language's catalog. */
const CATALOG_PART = /[\\/]app[\\/]i18n[\\/]catalogs[\\/][^\\/]+\.json\?part=(first|rest)$/;

/**
 * Catalogs compiled at build time (decision 0047): each message is parsed here into the form
 * intl-messageformat formats, so the browser never downloads the message parser, and a message with
 * no placeholder stays a plain string. Each language's catalog is split in two (`catalogPart`): the
 * keys the first pages use, and the rest.
 */
function precompiledCatalogs(): Plugin {
  return {
    name: 'hearth-precompiled-catalogs',
    enforce: 'pre',
    transform(source, id) {
      const part = CATALOG_PART.exec(id)?.[1];
      if (!part) return null;
      const compiled: Record<string, unknown> = {};
      for (const [key, message] of Object.entries(JSON.parse(source) as Record<string, string>)) {
        if (catalogPart(key) !== part) continue;
        const ast = parse(message);
        const only = ast[0];
        compiled[key] = ast.length === 1 && only?.type === TYPE.literal ? only.value : ast;
      }
      // JSON.parse of one string is quicker for the browser than an object literal this large.
      return {
        code: `export default JSON.parse(${JSON.stringify(JSON.stringify(compiled))});`,
        map: null,
        moduleType: 'js',
      };
    },
  };
}

/**
 * The service worker (app/service-worker.ts, docs/safety-plan.md) is built beside the app as
 * /sw.js, at the site's root so that it may serve every page; the names of the built files it keeps
 * for use offline are written into it here, once they are known.
 */
function serviceWorker(): Plugin {
  return {
    name: 'hearth-service-worker',
    apply: 'build',
    generateBundle: {
      // After Vite's own: it drops the page's entry chunk when, as here, the entry's code is all in
      // the main script (`codeSplitting` below), and a file that is never written would fail the
      // worker's installation.
      order: 'post',
      handler(_options, bundle) {
        const worker = bundle['sw.js'];
        if (!worker || worker.type !== 'chunk') throw new Error('The service worker was not built.');
        const assets = Object.keys(bundle)
          .filter((name) => name.startsWith('assets/') && !name.endsWith('.map'))
          .sort()
          .map((name) => `/${name}`);
        worker.code = worker.code.replaceAll('__HEARTH_OFFLINE_ASSETS__', JSON.stringify(assets));
      },
    },
  };
}

/**
 * Preact in place of React in the built app (decision 0051): with React and React DOM the member's
 * first page was 139 KB of gzipped script, with Preact and its compatibility layer 78 KB, and
 * issue 17 asks for 110 KB. The code, its types and its tests stay written against React, and `npm run dev`
 * runs React (its warnings, fast refresh); the browser journeys run the build. Removing these
 * aliases switches the build back to React.
 */
const PREACT = [
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react\/jsx-runtime$/, replacement: 'preact/compat/jsx-runtime' },
  { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/compat/jsx-dev-runtime' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react$/, replacement: path.resolve(import.meta.dirname, 'app/preact-as-react.ts') },
];

export default defineConfig(({ command }) => ({
  root: 'app',
  plugins: [precompiledCatalogs(), react(), serviceWorker(), precompress()],
  resolve: {
    // The catalogs are compiled at build time, so the browser needs only the parser's types and
    // helpers: the parser itself (about 15 KB gzipped) stays out, as react-intl documents.
    alias: [
      { find: /^@formatjs\/icu-messageformat-parser$/, replacement: '@formatjs/icu-messageformat-parser/no-parser.js' },
      ...(command === 'build' ? PREACT : []),
    ],
  },
  build: {
    outDir: '../dist/app',
    emptyOutDir: true,
    sourcemap: true,
    // Which file holds which catalog part (server/web-assets.test.ts holds the first pages to a budget).
    manifest: true,
    rollupOptions: {
      onwarn(warning, warn) {
        // React Router uses React 19's useOptimistic when there is one, and does without it otherwise,
        // as it must with Preact, which has none.
        if (warning.code === 'IMPORT_IS_UNDEFINED' && warning.message.includes('useOptimistic')) return;
        // janus.js is a UMD file exported as a module: its `typeof module` test is false in a browser
        // and it takes the `window` branch, as Meetecho intends (app/features/room/video/call.ts).
        if (warning.code === 'COMMONJS_VARIABLE_IN_ESM' && warning.id?.includes('janus-gateway')) return;
        warn(warning);
      },
      input: {
        main: path.resolve(import.meta.dirname, 'app/index.html'),
        sw: path.resolve(import.meta.dirname, 'app/service-worker.ts'),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
        codeSplitting: {
          // Everything the first page needs is one script (`$initial`: what the entry imports, directly
          // or not), not a main script and some thirty shared pieces: one file compresses better
          // (about 10 KB less gzipped) and is one request on a slow phone. Pages loaded when first
          // visited still get their own chunks.
          groups: [{ name: 'main', tags: ['$initial'], test: (id) => !id.includes('service-worker') }],
        },
      },
    },
  },
  server: {
    port: Number(process.env.PORT ?? 3000),
    proxy: {
      '/api/realtime': { target: api.replace('http', 'ws'), ws: true },
      '/api': api,
      '/healthz': api,
      '/readyz': api,
    },
  },
}));
