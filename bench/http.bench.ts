// `npm run bench:http`: requests per second and latency of Hearth's routes against a bare Fastify
// hello route, measured in the same run on the same machine, so the ratio is what matters.
// Each server runs in its own process; autocannon drives them one after another over loopback.
// Then each signed-in route runs again at half the rate it reached, for its p99 under a load it
// can carry. The targets (issue 17) are checked and printed beside the figures.
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import readline from 'node:readline';
import autocannon from 'autocannon';

const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

/** Issue 17's targets: share of bare Fastify's requests/s, and p99 at half the maximum load. */
const TARGETS = { signedIn: 0.25, audited: 0.1, p99AtHalfMs: 25 };

interface ServerInfo {
  port: number;
  cookie?: string;
}

async function startServer(kind: 'bare' | 'hearth'): Promise<{ info: ServerInfo; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bench-server.ts', kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  return { info: JSON.parse(first) as ServerInfo, child };
}

interface Row {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
}

async function run(url: string, headers: Record<string, string>, overallRate?: number) {
  const result = await autocannon({
    url,
    headers,
    connections: CONNECTIONS,
    duration: DURATION_SECONDS,
    ...(overallRate ? { overallRate } : {}),
  });
  return { requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, result };
}

async function measure(name: string, url: string, headers: Record<string, string> = {}): Promise<Row> {
  // A short warm-up so that JIT compilation and the first database pages are not measured.
  await autocannon({ url, headers, connections: CONNECTIONS, duration: 2 });
  const { result, ...figures } = await run(url, headers);
  return { name, ...figures, non2xx: result.non2xx };
}

/** The route again at half the rate it reached at most: its latency under a load it can carry. */
async function atHalf(row: Row, url: string, headers: Record<string, string>): Promise<Row> {
  const rate = Math.max(1, Math.floor(row.requestsPerSecond / 2));
  const { result, ...figures } = await run(url, headers, rate);
  return { name: `${row.name} at ${rate} req/s (half)`, ...figures, non2xx: result.non2xx };
}

const bare = await startServer('bare');
const hearth = await startServer('hearth');
try {
  const rows: Row[] = [];
  const baseline = await measure('bare Fastify GET /hello (baseline)', `http://127.0.0.1:${bare.info.port}/hello`);
  rows.push(baseline);
  rows.push(await measure('Hearth GET /readyz (database round trip)', `http://127.0.0.1:${hearth.info.port}/readyz`));
  const cookie = { cookie: hearth.info.cookie ?? '' };
  const hearthUrl = `http://127.0.0.1:${hearth.info.port}`;
  const readUrl = `${hearthUrl}/api/practice`;
  const auditedUrl = `${hearthUrl}/api/audit?limit=20`;
  const signedIn = await measure('Hearth GET /api/practice (signed in, JSON read)', readUrl, cookie);
  rows.push(signedIn);
  const audited = await measure('Hearth GET /api/audit (signed in, authorised, audited read)', auditedUrl, cookie);
  rows.push(audited);
  const signedInHalf = await atHalf(signedIn, readUrl, cookie);
  const auditedHalf = await atHalf(audited, auditedUrl, cookie);
  rows.push(signedInHalf, auditedHalf);

  const load = os.loadavg().map((n) => n.toFixed(1));
  console.log(
    `\nHTTP benchmark: ${CONNECTIONS} connections, ${DURATION_SECONDS} s each, Node ${process.version}, ` +
      `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, load average at the end ${load.join(' / ')}\n`,
  );
  console.log('| route | req/s | p50 ms | p99 ms | req/s vs baseline | non-2xx |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  const ratio = (row: Row) => row.requestsPerSecond / baseline.requestsPerSecond;
  for (const row of rows) {
    console.log(
      `| ${row.name} | ${row.requestsPerSecond.toFixed(0)} | ${row.p50} | ${row.p99} | ${ratio(row).toFixed(2)} | ${row.non2xx} |`,
    );
  }
  const checks: Array<[string, boolean]> = [
    [
      `signed-in JSON read ${(ratio(signedIn) * 100).toFixed(1)} % of bare Fastify (target ≥ ${TARGETS.signedIn * 100} %)`,
      ratio(signedIn) >= TARGETS.signedIn,
    ],
    [
      `audited read ${(ratio(audited) * 100).toFixed(1)} % of bare Fastify (target ≥ ${TARGETS.audited * 100} %)`,
      ratio(audited) >= TARGETS.audited,
    ],
    [
      `p99 at half load: signed-in ${signedInHalf.p99} ms, audited ${auditedHalf.p99} ms (target < ${TARGETS.p99AtHalfMs} ms)`,
      signedInHalf.p99 < TARGETS.p99AtHalfMs && auditedHalf.p99 < TARGETS.p99AtHalfMs,
    ],
  ];
  console.log('');
  for (const [line, met] of checks) console.log(`${met ? 'met    ' : 'NOT MET'}  ${line}`);
  if (rows.some((r) => r.non2xx > 0)) {
    console.error('\nSome requests did not succeed: the figures above are not valid.');
    process.exitCode = 1;
  }
} finally {
  bare.child.kill('SIGTERM');
  hearth.child.kill('SIGTERM');
}
