import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError, type Config } from './config.js';
import { backupDatabase, BackupError, restoreDatabase } from './backup.js';
import { connectDatabase, redactUrl, SQLITE_FILE } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { auditLogFor, clinicalCipherFor, startServer, stopOnSignals } from './main.js';
import { DEMO_PASSWORD, seedDemo } from './demo/seed-demo.js';
import { createMailer } from './platform/mail/mailer.js';
import { completeKeyRotation } from './platform/key-rotation.js';
import { loadSecretKeys, newSecret, PREVIOUS_SUFFIX } from './platform/secret-key.js';

const HELP = `Usage: hearth <command> [options]

Commands:
  serve              Start Hearth (migrations are applied first)
  migrate            Apply pending database migrations and exit
  demo               Start Hearth on a separate data folder seeded with a demo practice
                       --data-dir <dir>   where the demo keeps its data (default ./demo-data)
  backup <file>      Write a verified backup of the database to <file> while Hearth keeps running
                     (SQLite: online copy; PostgreSQL: pg_dump custom format)
                       --with-key         also write the root key to <file>.key (kept apart otherwise)
  restore <file>     Restore a backup into an empty database, migrate it and verify the audit log
  rotate-key         Replace the root key and re-encrypt everything sealed with it; run again
                     to resume (see docs/operations.md, Key rotation)
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
    options: {
      help: { type: 'boolean', short: 'h' },
      'data-dir': { type: 'string' },
      'with-key': { type: 'boolean' },
    },
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
      return backup(config, rest[0], values['with-key'] === true, io);
    case 'restore':
      return restore(config, rest[0], io);
    case 'rotate-key':
      return rotateKey(config, io);
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

/**
 * A verified backup (server/backup.ts), 0600, never over an existing file. The key is not in it:
 * a stolen backup should not open its own encrypted text. `--with-key` writes it to `<file>.key`
 * (0600) for those who keep both in one safe place.
 */
async function backup(config: Config, target: string | undefined, withKey: boolean, io: CliOutput): Promise<number> {
  if (!target) {
    io.err('Say where to write the backup: hearth backup <file>');
    return 1;
  }
  const destination = path.resolve(target);
  const keyCopy = `${destination}.key`;
  if (withKey && fs.existsSync(keyCopy)) {
    io.err(`${keyCopy} already exists; choose a new file name so no backup is overwritten.`);
    return 1;
  }
  try {
    await backupDatabase(config, destination, io);
  } catch (error) {
    if (error instanceof BackupError) {
      io.err(error.message);
      return 1;
    }
    throw error;
  }
  io.out(`Backed up ${redactedLocation(config)} to ${destination}.`);
  if (withKey) {
    fs.writeFileSync(keyCopy, loadSecretKeys(config).current, { flag: 'wx', mode: 0o600 });
    io.out(`Wrote the root key to ${keyCopy}: whoever has both files can read the encrypted text. Keep them safe.`);
  } else {
    io.out(
      `The root key is not in the backup. Keep ${config.secretKey ? 'HEARTH_SECRET_KEY' : config.secretKeyFile} ` +
        'safe, apart from it: without the key, sessions end and encrypted text cannot be read.',
    );
  }
  return 0;
}

/**
 * Restores a backup into an empty database, then brings it up to date and checks the audit log,
 * so the operator learns now, not at the next incident, whether the backup was whole.
 */
async function restore(config: Config, source: string | undefined, io: CliOutput): Promise<number> {
  if (!source) {
    io.err('Say which backup to restore: hearth restore <file>');
    return 1;
  }
  try {
    await restoreDatabase(config, path.resolve(source), io);
  } catch (error) {
    if (error instanceof BackupError) {
      io.err(error.message);
      return 1;
    }
    throw error;
  }
  io.out(
    `Restored ${path.resolve(source)} into ${redactedLocation(config)}. Applying migrations and checking the audit log…`,
  );
  const verdict = await verifyAudit(config, io);
  if (verdict === 3)
    io.err(
      'The records are back, but the audit log does not verify. If it breaks at its first record, this Hearth ' +
        'has another root key than the installation the backup came from: set the same HEARTH_SECRET_KEY or ' +
        'HEARTH_SECRET_KEY_FILE and run hearth audit verify again.',
    );
  return verdict;
}

function redactedLocation(config: Config): string {
  return config.databaseUrl ? redactUrl(config.databaseUrl) : path.join(config.dataDir, SQLITE_FILE);
}

/**
 * Replaces the root key (docs/decisions/0016). With HEARTH_SECRET_KEY the operator has already
 * set the new key and HEARTH_PREVIOUS_SECRET_KEY; with a key file, this makes the new key and keeps
 * the old one as `<file>.previous` until the rotation is done. Then everything sealed with the old
 * key is re-sealed; a run that stops half-way is finished by running it again.
 */
async function rotateKey(config: Config, io: CliOutput): Promise<number> {
  if (config.secretKey && !config.previousSecretKey) {
    io.err(
      'HEARTH_SECRET_KEY is set, so Hearth cannot change it for you. Set HEARTH_SECRET_KEY to a new key and ' +
        'HEARTH_PREVIOUS_SECRET_KEY to the old one on every instance, restart them, then run hearth rotate-key.',
    );
    return 1;
  }
  if (!config.secretKey) startKeyFileRotation(config, io);
  const keys = loadSecretKeys(config);
  if (!keys.previous || keys.previous === keys.current) {
    io.err('The previous key is the same as the current one: there is nothing to rotate.');
    return 1;
  }
  const database = connectDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database);
    const report = await completeKeyRotation(
      database,
      { current: keys.current, previous: keys.previous },
      { onBatch: ({ column, rows }) => io.out(`  re-encrypted ${rows} value(s) so far (${column})`) },
    );
    io.out(
      `Done: ${report.clinicalValues} clinical value(s) and ${report.twoFactorAccounts} two-step secret(s) ` +
        `re-encrypted, ${report.auditRecords} audit record(s) re-hashed with the new key.`,
    );
  } finally {
    await database.close();
  }
  io.out(
    'Restart every Hearth that started before the rotation; then remove the old key ' +
      (config.secretKey
        ? '(unset HEARTH_PREVIOUS_SECRET_KEY).'
        : `(delete ${config.secretKeyFile}${PREVIOUS_SUFFIX}).`),
  );
  return 0;
}

/**
 * Keeps the current key as `<file>.previous` and writes a new one in its place (temp + rename).
 * Each step is checked before it is taken, so an interrupted start is resumed, never repeated.
 */
function startKeyFileRotation(config: Config, io: CliOutput): void {
  loadSecretKeys(config); // makes the default key file, the first time there is none
  const file = config.secretKeyFile;
  const previous = file + PREVIOUS_SUFFIX;
  if (!fs.existsSync(previous)) writeDurably(previous, fs.readFileSync(file, 'utf8'));
  if (fs.readFileSync(file, 'utf8').trim() === fs.readFileSync(previous, 'utf8').trim()) {
    const temporary = `${file}.new`;
    fs.rmSync(temporary, { force: true });
    writeDurably(temporary, newSecret());
    fs.renameSync(temporary, file);
    fsyncFolder(path.dirname(file));
    io.out(`Made a new key in ${file}; the old one stays in ${previous} until the rotation is done.`);
  } else {
    io.out(`Resuming the rotation to the key in ${file}.`);
  }
}

/** A new 0600 file, on disk before this returns: a key lost to a power cut loses what it sealed. */
function writeDurably(file: string, text: string): void {
  const fd = fs.openSync(file, 'wx', 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fsyncFolder(path.dirname(file));
}

function fsyncFolder(folder: string): void {
  const fd = fs.openSync(folder, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
