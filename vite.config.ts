import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// The API runs beside Vite in development (scripts/dev.ts); Vite forwards to it.
const api = `http://localhost:${process.env.HEARTH_API_PORT ?? 3001}`;

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
  plugins: [react(), serviceWorker()],
  build: {
    outDir: '../dist/app',
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      input: {
        main: path.resolve(import.meta.dirname, 'app/index.html'),
        sw: path.resolve(import.meta.dirname, 'app/service-worker.ts'),
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
