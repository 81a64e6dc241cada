// The built server as operators run it (`node bin/hearth.js serve`), in a process of its own so
// that SIGKILL ends it the way a power cut or the OOM killer would.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Installation } from '../../server/testing/installation.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const HEARTH = path.join(ROOT, 'bin', 'hearth.js');
const READY_TIMEOUT_MS = 30_000;
const BUILD_TIMEOUT_MS = 300_000;

/** Every process started here, so that an early exit of the loop never leaves one behind. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** `npm test` builds only the web app: the server is compiled here when dist has none. */
export function ensureServerBuilt(): void {
  if (fs.existsSync(path.join(ROOT, 'dist', 'server', 'cli-entry.js'))) return;
  process.stdout.write('Building the server (npm run build:server)…\n');
  const build = spawnSync('npm', ['run', 'build:server'], { cwd: ROOT, stdio: 'inherit', timeout: BUILD_TIMEOUT_MS });
  if (build.status !== 0) throw new Error(`npm run build:server failed (${build.error?.message ?? build.status})`);
}

/** A TCP port nobody listens on now; each engine's server keeps it across its restarts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** What `hearth` needs to find one installation, and nothing else from this shell. */
export function hearthEnv(installation: Installation, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...installation,
    ...extra,
  };
}

export interface ServerProcess {
  url: string;
  /** kill -9, resolved once the process is gone. */
  kill(): Promise<void>;
}

/** Starts `hearth serve` and resolves once /readyz answers 200; rejects (and kills it) otherwise. */
export async function startServer(installation: Installation, port: number): Promise<ServerProcess> {
  const child = spawn(process.execPath, [HEARTH, 'serve'], {
    cwd: ROOT,
    env: hearthEnv(installation, {
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      // The job worker runs as in production, often, so alert e-mails go out during the load too.
      HEARTH_JOB_POLL_SECONDS: '1',
    }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString('utf8')).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  const url = `http://127.0.0.1:${port}`;
  const giveUpAt = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < giveUpAt) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) return { url, kill };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await kill();
  throw new Error(`hearth serve was not ready within ${READY_TIMEOUT_MS / 1000} s (exit ${child.exitCode}):\n${log}`);
}

/** `hearth audit verify` on the installation: its exit code and what it printed. */
export function verifyAudit(installation: Installation): { code: number | null; output: string } {
  const run = spawnSync(process.execPath, [HEARTH, 'audit', 'verify'], {
    cwd: ROOT,
    env: hearthEnv(installation, { LOG_LEVEL: 'warn' }),
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}
