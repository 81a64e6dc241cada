import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { checkReachable, connectDatabase, type Database } from './db/connect.js';
import { SERVING_TIMEOUTS } from './db/postgres-pool.js';
import { migrateToLatest } from './db/migrate.js';
import { webRoot } from './platform/project-root.js';
import type { Broker } from './platform/realtime/broker.js';
import { connectBroker } from './platform/realtime/connect-broker.js';
import { auditLogOf, clinicalCipherOf, loadSecretKeys } from './platform/secret-key.js';
import type { AuditLog } from './platform/audit/audit-log.js';
import type { ClinicalCipher } from './platform/crypto/clinical-cipher.js';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  database: Database;
  broker: Broker;
  stop(): Promise<void>;
}

/** The audit log with the practice's keys, for the CLI (the app builds its own from the same keys). */
export function auditLogFor(config: Config, database: Database): AuditLog {
  return auditLogOf(database.engine, loadSecretKeys(config));
}

/** The cipher for clinical text with the practice's keys, for the CLI (the app builds its own). */
export function clinicalCipherFor(config: Config): ClinicalCipher {
  return clinicalCipherOf(loadSecretKeys(config));
}

/** config → database (migrated) → app → listen. Used by `hearth serve` and `hearth demo`. */
export async function startServer(config: Config = loadConfig()): Promise<RunningServer> {
  const database = connectDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    timeouts: SERVING_TIMEOUTS,
  });
  try {
    await checkReachable(database);
    await migrateToLatest(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  const broker = connectBroker(config.redisUrl);
  const keys = loadSecretKeys(config);
  const app = await buildApp({
    config,
    database,
    broker,
    secretKey: keys.current,
    previousSecretKey: keys.previous,
    webRoot: webRoot(),
  });
  if (keys.previous)
    app.log.warn(
      'A key rotation is under way: Hearth reads values sealed with either key. Finish it with ' +
        '`hearth rotate-key`, then remove the previous key (docs/operations.md, Key rotation).',
    );
  await app.listen({ port: config.port, host: config.host });
  app.jobs.start(config.jobPollSeconds * 1000);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await app.close();
      await broker.close();
      await database.close();
    })());
  return { app, url, database, broker, stop };
}

/** Stops cleanly on SIGINT and SIGTERM, letting requests in flight finish. */
export function stopOnSignals(server: RunningServer): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      server.app.log.info({ signal }, 'shutting down');
      void server.stop().then(() => process.exit(0));
    });
  }
}
