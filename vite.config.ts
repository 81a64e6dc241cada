import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

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

/**
 * The service worker (app/service-worker.ts, docs/safety-plan.md) is built beside the app as
 * /sw.js, at the site's root so that it may serve every page; the names of the built files it keeps
 * for use offline are written into it here, once they are known.
 */
function serviceWorker(): Plugin {
  return {
    name: 'hearth-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const worker = bundle['sw.js'];
      if (!worker || worker.type !== 'chunk') throw new Error('The service worker was not built.');
      const assets = Object.keys(bundle)
        .filter((name) => name.startsWith('assets/') && !name.endsWith('.map'))
        .sort()
        .map((name) => `/${name}`);
      worker.code = worker.code.replaceAll('__HEARTH_OFFLINE_ASSETS__', JSON.stringify(assets));
    },
  };
}

export default defineConfig({
  root: 'app',
  plugins: [react(), serviceWorker(), precompress()],
  build: {
    outDir: '../dist/app',
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      input: {
        main: path.resolve(import.meta.dirname, 'app/index.html'),
        sw: path.resolve(import.meta.dirname, 'app/service-worker.ts'),
      },
      // janus.js is a UMD file exported as a module: its `typeof module` test is false in a browser
      // and it takes the `window` branch, as Meetecho intends (app/features/room/video/call.ts).
      onwarn(warning, warn) {
        if (warning.code === 'COMMONJS_VARIABLE_IN_ESM' && warning.id?.includes('janus-gateway')) return;
        warn(warning);
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
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
});
