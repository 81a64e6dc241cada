// One Hearth instance for bench/load.bench.ts, in its own process as in production: `hearth serve`
// (server/main.ts startServer) with the environment the bench gives it (DATABASE_URL, REDIS_URL,
// HEARTH_SECRET_KEY, PORT, HEARTH_TRUST_PROXY behind nginx). Prints its port once listening.
import { loadConfig } from '../server/config.js';
import { startServer } from '../server/main.js';

const server = await startServer(loadConfig());
const address = server.app.server.address();
process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    void server.stop().then(() => process.exit(0));
  });
