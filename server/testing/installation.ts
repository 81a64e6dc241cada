import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectDatabase, type Engine } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { buildTestApp, TEST_SECRET_KEY, withAdminClient, type TestApp } from './test-app.js';

/**
 * What `hearth` reads from the environment for one installation. A type, not an interface: runCli
 * takes a string record, and only type literals fit one.
 */
export type Installation = { HEARTH_DATA_DIR: string; HEARTH_SECRET_KEY: string; DATABASE_URL?: string };

/**
 * One empty installation: its own data folder and, on PostgreSQL, a database of its own (the CLI
 * dumps and restores whole databases, as operators do, and the crash loop runs real servers on
 * it). `dispose` drops the database and removes the folder.
 */
export async function createInstallation(
  engine: Engine,
  secretKey: string = TEST_SECRET_KEY,
): Promise<{ env: Installation; dispose(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `hearth-${engine}-`));
  const env: Installation = { HEARTH_DATA_DIR: dataDir, HEARTH_SECRET_KEY: secretKey };
  let dropDatabase = async () => {};
  if (engine === 'postgres') {
    const server = process.env.HEARTH_TEST_DATABASE_URL;
    if (!server) throw new Error('HEARTH_TEST_DATABASE_URL is not set');
    const name = `hearth_installation_${crypto.randomBytes(5).toString('hex')}`;
    await withAdminClient(server, (client) => client.query(`create database ${name}`));
    dropDatabase = async () => {
      await withAdminClient(server, (client) => client.query(`drop database ${name} with (force)`));
    };
    const url = new URL(server);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
  }
  return {
    env,
    dispose: async () => {
      await dropDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The app on an installation's database, migrated, with its root key: for setting a practice up
 * through the API, or writing to it while the CLI backs it up. Close the app, then `cleanup()`.
 */
export async function appOnInstallation(env: Installation): Promise<TestApp> {
  const dataDir = env.HEARTH_DATA_DIR;
  const database = connectDatabase({ databaseUrl: env.DATABASE_URL, dataDir });
  await migrateToLatest(database);
  return buildTestApp(
    {
      database,
      dataDir,
      connectAgain: () => connectDatabase({ databaseUrl: env.DATABASE_URL, dataDir }),
      cleanup: () => database.close(),
    },
    { keys: { current: env.HEARTH_SECRET_KEY } },
  );
}
