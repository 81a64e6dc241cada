import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Whether Debian's janus is installed here. */
// (janus --version exits 1 after printing it: only whether it runs at all counts.)
export const JANUS_AVAILABLE = !spawnSync('janus', ['--version']).error;

/** Set by .ci/run: the video tests must run, and fail when they cannot. */
export const VIDEO_REQUIRED = process.env.HEARTH_REQUIRE_VIDEO === '1';

/**
 * The test network .ci/run sets up (Janus gathers no ICE candidates on the loopback interface): a
 * veth pair whose far end lives in the network namespace `hearth-video`, so this end is up, with
 * an address browsers and Janus on this machine share for media.
 */
export const VIDEO_TEST_INTERFACE = 'hearth-v0';
export const VIDEO_TEST_ADDRESS = '10.77.0.1';

/** Whether the test network is there (media between browsers and Janus works only then). */
export function videoTestNetwork(): { interface: string; address: string } | null {
  const found = os.networkInterfaces()[VIDEO_TEST_INTERFACE]?.find((a) => a.family === 'IPv4');
  return found ? { interface: VIDEO_TEST_INTERFACE, address: found.address } : null;
}

/**
 * Why the video tests cannot run here, or null when they can. With HEARTH_REQUIRE_VIDEO=1 a missing
 * Janus is an error rather than a reason to skip.
 */
export function videoSkipReason(): string | null {
  if (JANUS_AVAILABLE) return null;
  const reason = 'Debian’s janus is not installed (apt-get install janus); the video tests are skipped';
  if (VIDEO_REQUIRED) throw new Error(`HEARTH_REQUIRE_VIDEO=1 but ${reason.split(';')[0]}`);
  console.warn(reason);
  return reason;
}

export interface JanusServer {
  /** Hearth's environment for this Janus (JANUS_URL and its secrets). */
  env: Record<string, string>;
  url: string;
  adminUrl: string;
  /** Its configuration folder (`janus -F <dir>`). */
  dir: string;
  /** Kills it at once (SIGKILL), as a crash does. */
  stop(): Promise<void>;
  /** Starts it again on the same ports, with nothing in it. */
  start(): Promise<void>;
  /** Stops it and removes its configuration folder. */
  cleanup(): Promise<void>;
  /** What it printed (for a failing test's message). */
  output(): string;
}

const TEMPLATES = path.resolve(import.meta.dirname, '../../deploy/janus');
const FILES = ['janus.jcfg', 'janus.transport.websockets.jcfg', 'janus.plugin.videoroom.jcfg'];

/**
 * A Janus of the test's own, from the configuration Hearth ships (deploy/janus), with fresh secrets
 * on free ports: `janus -F <folder>` in the foreground, never Debian's system service. The browser
 * side listens on `ip` (127.0.0.1, or the test network's address for media).
 */
export async function startJanus(options: { ip?: string } = {}): Promise<JanusServer> {
  const network = videoTestNetwork();
  const ip = options.ip ?? '127.0.0.1';
  const [wsPort, adminPort] = [await freePort(), await freePort()];
  const secret = () => crypto.randomBytes(18).toString('base64url');
  const values: Record<string, string> = {
    JANUS_API_SECRET: secret(),
    JANUS_ADMIN_SECRET: secret(),
    JANUS_ROOM_ADMIN_KEY: secret(),
    // Without the test network, signalling still works (module tests); media needs it.
    ICE_ENFORCE_LIST: network?.interface ?? firstInterface(),
    WS_INTERFACE_IP: ip,
    WS_PORT: String(wsPort),
    ADMIN_WS_PORT: String(adminPort),
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-janus-'));
  values.CONFIG_DIR = dir;
  for (const file of FILES) {
    const text = fs
      .readFileSync(path.join(TEMPLATES, file), 'utf8')
      .replace(/@([A-Z_]+)@/g, (whole, name: string) => values[name] ?? whole);
    fs.writeFileSync(path.join(dir, file), text, { mode: 0o600 });
  }
  let child: ChildProcess | undefined;
  let log = '';
  const start = async () => {
    log = '';
    const running = spawn('janus', ['-F', dir, '--disable-colors'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = running;
    const keep = (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-20_000);
    };
    running.stdout?.on('data', keep);
    running.stderr?.on('data', keep);
    try {
      await waitUntilListening(ip, wsPort, running);
      await waitUntilListening('127.0.0.1', adminPort, running);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${log}`);
    }
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };
  await start();
  const url = `ws://${ip}:${wsPort}/`;
  const adminUrl = `ws://127.0.0.1:${adminPort}/`;
  return {
    url,
    adminUrl,
    dir,
    env: {
      JANUS_URL: url,
      JANUS_PUBLIC_URL: url,
      JANUS_API_SECRET: values.JANUS_API_SECRET!,
      JANUS_ADMIN_URL: adminUrl,
      JANUS_ADMIN_SECRET: values.JANUS_ADMIN_SECRET!,
      JANUS_ROOM_ADMIN_KEY: values.JANUS_ROOM_ADMIN_KEY!,
    },
    stop,
    start,
    cleanup: async () => {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
    output: () => log,
  };
}

function firstInterface(): string {
  const names = Object.entries(os.networkInterfaces())
    .filter(([, addresses]) => addresses?.some((a) => !a.internal && a.family === 'IPv4'))
    .map(([name]) => name);
  return names[0] ?? 'lo';
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitUntilListening(host: string, port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (child.exitCode !== null) throw new Error(`janus exited (${child.exitCode}) before listening on ${port}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, host);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`janus did not listen on ${host}:${port} within 10 s`);
}
