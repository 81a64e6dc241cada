// `npm run dev`: the API under tsx watch (restarts on change) and Vite with hot reload, together.
// Vite serves the web app at PORT (default 3000) and forwards /api to the API on HEARTH_API_PORT.
import { spawn, type ChildProcess } from 'node:child_process';

const webPort = process.env.PORT ?? '3000';
const apiPort = process.env.HEARTH_API_PORT ?? '3001';
const env = {
  ...process.env,
  HEARTH_API_PORT: apiPort,
  HEARTH_PUBLIC_URL: process.env.HEARTH_PUBLIC_URL ?? `http://localhost:${webPort}`,
};

const children: ChildProcess[] = [
  spawn('npx', ['tsx', 'watch', '--clear-screen=false', 'server/cli-entry.ts', 'serve'], {
    stdio: 'inherit',
    env: { ...env, PORT: apiPort },
  }),
  spawn('npx', ['vite'], { stdio: 'inherit', env: { ...env, PORT: webPort } }),
];

const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children)
  child.on('exit', (code) => {
    stop();
    process.exitCode = code ?? 0;
  });
