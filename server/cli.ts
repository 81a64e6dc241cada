import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { loadConfig, ConfigError, type Config } from './config.js';
import { connectDatabase, SQLITE_FILE } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { auditLogFor, clinicalCipherFor, startServer, stopOnSignals } from './main.js';
import { DEMO_PASSWORD, seedDemo } from './demo/seed-demo.js';
import { createMailer } from './platform/mail/mailer.js';

const HELP = `Usage: hearth <command> [options]

Commands:
  serve              Start Hearth (migrations are applied first)
  migrate            Apply pending database migrations and exit
  demo               Start Hearth on a separate data folder seeded with a demo practice
                       --data-dir <dir>   where the demo keeps its data (default ./demo-data)
  backup <file>      Copy the embedded database to <file> while Hearth keeps running
  audit verify       Check every record of the audit log; names the first broken one
  --help             Show this help

Configuration comes from environment variables; see docs/operations.md.
`;

/** Where the CLI writes: tests pass their own. */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

const consoleOutput: CliOutput = {
  out: (t) => process.stdout.write(t + '\n'),
  err: (t) => process.stderr.write(t + '\n'),
};

/**
 * Runs one CLI command and resolves to the process exit code. `serve` and `demo` resolve once the
 * server listens and keep it running.
 */
export async function runCli(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
  io: CliOutput = consoleOutput,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { help: { type: 'boolean', short: 'h' }, 'data-dir': { type: 'string' } },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command || command === 'help') {
    io.out(HELP);
    return command || values.help ? 0 : 1;
  }

  let config: Config;
  try {
    const dataDirOverride = typeof values['data-dir'] === 'string' ? values['data-dir'] : undefined;
    config =
      command === 'demo'
        ? // The demo always uses its own embedded database, never the practice's real one.
          loadConfig({ ...env, DATABASE_URL: undefined, HEARTH_DATA_DIR: dataDirOverride ?? './demo-data' })
        : loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(error.message);
      return 2;
    }
    throw error;
  }

  switch (command) {
    case 'serve': {
      const server = await startServer(config);
      stopOnSignals(server);
      io.out(`Hearth is running at ${server.url} (database: ${server.database.location})`);
      return 0;
    }
    case 'migrate': {
      const database = connectDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const applied = await migrateToLatest(database);
        io.out(
          applied.length
            ? `Applied ${applied.length} migration(s): ${applied.join(', ')}`
            : 'The database is up to date.',
        );
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'demo': {
      const server = await startServer(config);
      stopOnSignals(server);
      const seeded = await seedDemo({
        database: server.database,
        audit: auditLogFor(config, server.database),
        mailer: createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, dataDir: config.dataDir }),
        cipher: clinicalCipherFor(config),
        publicUrl: config.publicUrl,
        jobs: server.app.jobs,
      });
      io.out(`Hearth demo is running at ${server.url}`);
      io.out(`Demo data folder: ${config.dataDir}${seeded ? '' : ' (already seeded)'}`);
      io.out(`Sign in as the practice owner:  owner@demo.hearth.test  /  ${DEMO_PASSWORD}`);
      io.out(`or as a clinician:              maya@demo.hearth.test   /  ${DEMO_PASSWORD}`);
      io.out(`or as a group member:           sam@demo.hearth.test    /  ${DEMO_PASSWORD}`);
      io.out('(priya@demo.hearth.test has a place waiting: sign in as her to join a group.)');
      io.out('Staff accounts set up two-step sign-in at their first sign-in (any authenticator app).');
      return 0;
    }
    case 'backup':
      return backup(config, rest[0], io);
    case 'audit':
      if (rest[0] !== 'verify') {
        io.err('Usage: hearth audit verify');
        return 1;
      }
      return verifyAudit(config, io);
    default:
      io.err(`Unknown command "${command}".\n`);
      io.err(HELP);
      return 1;
  }
}

/** Exit code 3 when the audit log has been tampered with, so scripts and monitors can tell. */
async function verifyAudit(config: Config, io: CliOutput): Promise<number> {
  const database = connectDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database);
    const verdict = await auditLogFor(config, database).verify(database.db);
    if (verdict.ok) {
      io.out(`The audit log is intact: ${verdict.records} record(s) in ${verdict.chains} chain(s).`);
      return 0;
    }
    io.err(
      `The audit log is broken at record ${verdict.seq} of chain ${verdict.chain}` +
        `${verdict.id ? ` (id ${verdict.id})` : ''}: ${verdict.reason}.`,
    );
    return 3;
  } finally {
    await database.close();
  }
}

/** SQLite's online backup: a consistent copy while the server keeps writing. */
async function backup(config: Config, target: string | undefined, io: CliOutput): Promise<number> {
  if (config.databaseUrl) {
    io.out(
      "Hearth is running on PostgreSQL. Back it up with PostgreSQL's own tools, for example:\n" +
        '  pg_dump --format=custom --file=hearth.dump "$DATABASE_URL"\n' +
        'and keep HEARTH_SECRET_KEY with it: see docs/operations.md.',
    );
    return 0;
  }
  if (!target) {
    io.err('Say where to write the backup: hearth backup <file>');
    return 1;
  }
  const source = path.join(config.dataDir, SQLITE_FILE);
  if (!fs.existsSync(source)) {
    io.err(`There is no database at ${source}. Check HEARTH_DATA_DIR.`);
    return 1;
  }
  const destination = path.resolve(target);
  if (fs.existsSync(destination)) {
    io.err(`${destination} already exists; choose a new file name so no backup is overwritten.`);
    return 1;
  }
  const db = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(destination);
  } finally {
    db.close();
  }
  io.out(`Backed up ${source} to ${destination}.`);
  io.out(
    `Keep ${path.join(config.dataDir, 'secret.key')} safe as well: sessions (and later, encrypted notes) need it.`,
  );
  return 0;
}
