// `npm run bench:http`: requests per second and latency of Hearth's routes against a bare Fastify
// hello route, measured in the same run on the same machine, so the ratio is what matters.
// Each server runs in its own process; autocannon drives them one after another over loopback.
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import readline from 'node:readline';
import autocannon from 'autocannon';

const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

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

async function measure(name: string, url: string, headers: Record<string, string> = {}): Promise<Row> {
  // A short warm-up so that JIT compilation and the first database pages are not measured.
  await autocannon({ url, headers, connections: CONNECTIONS, duration: 2 });
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION_SECONDS });
  return {
    name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
  };
}

const bare = await startServer('bare');
const hearth = await startServer('hearth');
try {
  const rows: Row[] = [];
  rows.push(await measure('bare Fastify GET /hello (baseline)', `http://127.0.0.1:${bare.info.port}/hello`));
  rows.push(await measure('Hearth GET /readyz (database round trip)', `http://127.0.0.1:${hearth.info.port}/readyz`));
  const cookie = { cookie: hearth.info.cookie ?? '' };
  const hearthUrl = `http://127.0.0.1:${hearth.info.port}`;
  rows.push(await measure('Hearth GET /api/practice (signed in, JSON read)', `${hearthUrl}/api/practice`, cookie));
  rows.push(
    await measure(
      'Hearth GET /api/audit (signed in, authorised, audited read)',
      `${hearthUrl}/api/audit?limit=20`,
      cookie,
    ),
  );

  const baseline = rows[0]!;
  console.log(
    `\nHTTP benchmark: ${CONNECTIONS} connections, ${DURATION_SECONDS} s each, Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}\n`,
  );
  console.log('| route | req/s | p50 ms | p99 ms | req/s vs baseline | non-2xx |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) {
    const ratio = row.requestsPerSecond / baseline.requestsPerSecond;
    console.log(
      `| ${row.name} | ${row.requestsPerSecond.toFixed(0)} | ${row.p50} | ${row.p99} | ${ratio.toFixed(2)} | ${row.non2xx} |`,
    );
  }
  if (rows.some((r) => r.non2xx > 0)) {
    console.error('\nSome requests did not succeed: the figures above are not valid.');
    process.exitCode = 1;
  }
} finally {
  bare.child.kill('SIGTERM');
  hearth.child.kill('SIGTERM');
}
