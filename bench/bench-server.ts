// A server for bench/http.bench.ts, run in its own process so that the load generator does not
// share its event loop. `bare`: Fastify with one hello route, the baseline. `hearth`: the real app
// on a fresh embedded database, with a practice set up; it prints the owner's session cookie.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { connectDatabase } from '../server/db/connect.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { MemoryBroker } from '../server/platform/realtime/memory-broker.js';
import { setUpPractice } from '../server/testing/test-app.js';

const kind = process.argv[2];

if (kind === 'bare') {
  const app = Fastify({ logger: false });
  app.get('/hello', async () => ({ hello: 'world' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  report({ port: port(app.server.address()) });
} else if (kind === 'hearth') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-'));
  const config = loadConfig({ HEARTH_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const database = connectDatabase({ databaseUrl: undefined, dataDir });
  await migrateToLatest(database);
  const app = await buildApp({
    config,
    database,
    broker: new MemoryBroker(),
    secretKey: 'bench-secret-key-0123456789-0123456789',
    webRoot: null,
    logger: false,
  });
  // The owner as in real use: set up, with two-step sign-in on.
  const owner = await setUpPractice(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.on('SIGTERM', () => {
    void app
      .close()
      .then(() => fs.rmSync(dataDir, { recursive: true, force: true }))
      .then(() => process.exit(0));
  });
  report({ port: port(app.server.address()), cookie: owner.cookie });
} else {
  throw new Error('usage: bench-server.ts bare|hearth');
}

function port(address: AddressInfo | string | null): number {
  if (!address || typeof address === 'string') throw new Error('not listening on TCP');
  return address.port;
}

function report(info: Record<string, unknown>) {
  process.stdout.write(JSON.stringify(info) + '\n');
}
