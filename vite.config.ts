import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API runs beside Vite in development (scripts/dev.ts); Vite forwards to it.
const api = `http://localhost:${process.env.HEARTH_API_PORT ?? 3001}`;

export default defineConfig({
  root: 'app',
  plugins: [react()],
  build: { outDir: '../dist/app', emptyOutDir: true, sourcemap: true },
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
