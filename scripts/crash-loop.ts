// `npm run crash:loop`: a bounded kill -9 loop (docs/operations.md, "The crash loop"). For each
// engine, 30 times: start the built server, write from several people at once while clinicians
// read their groups' outcomes (audited reads, whose records are group-committed: decision 0046),
// kill -9 it at a random moment, start it again and retry what got no answer with the same
// Idempotency-Keys. Then check that every answered write is there exactly once, every answered read
// has its audit record, nothing is there twice, and `hearth audit verify` passes. Exits 1 on any
// loss, duplicate or broken audit log.
import crypto from 'node:crypto';
import { connectDatabase, type Database, type Engine } from '../server/db/connect.js';
import { createInstallation, type Installation } from '../server/testing/installation.js';
import { checkWrites, keysLeftClaimed } from './crash/check.js';
import { crashClients, retryUnanswered, startLoad } from './crash/clients.js';
import { seedCrashPractice, type CrashGroup } from './crash/practice.js';
import { ensureServerBuilt, freePort, startServer, verifyAudit } from './crash/server.js';
import type { Write } from './crash/writes.js';

const CYCLES = Number(process.env.HEARTH_CRASH_CYCLES ?? 30);
/** The kill comes this long into the load, at random. */
const KILL_AFTER_MS = { min: 50, max: 800 };
/** Sessions and check-ins per group and member: more than 30 cycles get through. */
const STOCK = 600;
/** The whole run, both engines, must end by then whatever happens. */
const WATCHDOG_MS = 20 * 60_000;
/** Audited reads in flight at once per clinician, so records arrive together and share commits. */
const READERS_PER_CLINICIAN = 4;
/** A read in the load gets this long; a live server answers in milliseconds. */
const READ_TIMEOUT_MS = 10_000;
/** Each read names itself in its User-Agent, which its audit record keeps: how the check finds it. */
const READ_AGENT = 'hearth-crash-read-';

/** An audited read sent during the load: answered 200 means its record was durable first. */
interface AuditedRead {
  agent: string;
  state: 'answered' | 'unanswered' | 'refused';
}

/**
 * Clinicians reading their group's outcomes (each read audited, naming the members), several at
 * once, until the load stops or the server dies. A refusal from a live server is a failure.
 */
function startReads(groups: CrashGroup[], baseUrl: string, stopped: () => boolean) {
  const reads: AuditedRead[] = [];
  const failures: string[] = [];
  const reader = async (group: CrashGroup) => {
    while (!stopped()) {
      const read: AuditedRead = { agent: `${READ_AGENT}${crypto.randomUUID()}`, state: 'unanswered' };
      reads.push(read);
      const url = `/api/groups/${group.groupId}/outcomes`;
      let response: Response;
      try {
        response = await fetch(baseUrl + url, {
          headers: { cookie: group.clinician.cookie, 'user-agent': read.agent },
          signal: AbortSignal.timeout(READ_TIMEOUT_MS),
        });
        await response.arrayBuffer();
      } catch {
        return; // no answer: the server is gone
      }
      if (response.status === 200) read.state = 'answered';
      else {
        read.state = 'refused';
        failures.push(`GET ${url} answered ${response.status}`);
      }
    }
  };
  const done = Promise.all(
    groups.flatMap((group) => Array.from({ length: READERS_PER_CLINICIAN }, () => reader(group))),
  ).then(() => undefined);
  return { done, reads, failures };
}

/**
 * Every answered read has exactly one audit record (none would be an acknowledged record lost in
 * the crash); a read the kill cut off has at most one.
 */
async function checkReads(database: Database, reads: AuditedRead[]): Promise<{ lost: string[]; duplicated: string[] }> {
  const found = new Map<string, number>();
  for (const row of await database.db
    .selectFrom('auditEvents')
    .select(['userAgent', (eb) => eb.fn.countAll<number>().as('n')])
    .where('action', '=', 'clinical.outcomes_viewed')
    .where('userAgent', 'like', `${READ_AGENT}%`)
    .groupBy('userAgent')
    .execute())
    found.set(row.userAgent ?? '', Number(row.n));
  const lost: string[] = [];
  const duplicated: string[] = [];
  for (const read of reads) {
    const n = found.get(read.agent) ?? 0;
    if (read.state === 'answered' && n === 0) lost.push(`read ${read.agent}: answered, but no audit record`);
    if (n > 1) duplicated.push(`read ${read.agent}: ${n} audit records`);
  }
  return { lost, duplicated };
}

interface EngineResult {
  engine: Engine;
  cycles: number;
  sent: number;
  answered: number;
  reads: number;
  readsAnswered: number;
  retried: number;
  inDoubt: number;
  lost: string[];
  duplicated: string[];
  failures: string[];
  auditVerified: boolean;
  seconds: number;
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const count = (writes: Write[], test: (w: Write) => boolean) => writes.filter(test).length;

/** The 30 cycles on one installation: every write sent, and the answers no write should have had. */
async function crashCycles(
  engine: Engine,
  installation: Installation,
  groups: CrashGroup[],
  database: Database,
): Promise<{ writes: Write[]; reads: AuditedRead[]; failures: string[] }> {
  const port = await freePort();
  const writes: Write[] = [];
  const reads: AuditedRead[] = [];
  const failures: string[] = [];
  let server = await startServer(installation, port);
  try {
    const clients = crashClients(groups, server.url);
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      let stopped = false;
      const load = startLoad(clients, server.url, () => stopped);
      const reading = startReads(groups, server.url, () => stopped);
      const killAfter = KILL_AFTER_MS.min + Math.random() * (KILL_AFTER_MS.max - KILL_AFTER_MS.min);
      await new Promise((resolve) => setTimeout(resolve, killAfter));
      await server.kill();
      stopped = true;
      await Promise.all([load.done, reading.done]);
      writes.push(...load.writes);
      reads.push(...reading.reads);
      failures.push(...load.failures, ...reading.failures);
      const restarting = Date.now();
      server = await startServer(installation, port);
      const restartMs = Date.now() - restarting;
      const unanswered = load.writes.filter((w) => w.state === 'unanswered').map((w) => w.key);
      await retryUnanswered(load.writes, server.url, await keysLeftClaimed(database, unanswered), failures);
      const mine = load.writes;
      say(
        `  [${engine}] cycle ${String(cycle).padStart(2)}: killed at ${Math.round(killAfter)} ms; ` +
          `${mine.length} writes, ${count(mine, (w) => w.state === 'answered')} answered ` +
          `(${count(mine, (w) => w.retried && w.state === 'answered')} by a retry), ` +
          `${count(mine, (w) => w.state === 'in-doubt')} in doubt; ` +
          `${reading.reads.filter((r) => r.state === 'answered').length} audited reads answered; ` +
          `ready again in ${restartMs} ms`,
      );
    }
  } finally {
    await server.kill();
  }
  return { writes, reads, failures };
}

async function crashEngine(engine: Engine): Promise<EngineResult> {
  const started = Date.now();
  // A root key of its own, as a real installation has.
  const secretKey = crypto.randomBytes(32).toString('base64url');
  const { env: installation, dispose } = await createInstallation(engine, secretKey);
  try {
    const groups = await seedCrashPractice(installation, STOCK);
    // The loop's own connection: to see which keys a killed process left claimed, and to check.
    const database = connectDatabase({ databaseUrl: installation.DATABASE_URL, dataDir: installation.HEARTH_DATA_DIR });
    try {
      const { writes, reads, failures } = await crashCycles(engine, installation, groups, database);
      const written = await checkWrites(installation, database, writes);
      const read = await checkReads(database, reads);
      const verdict = {
        lost: [...written.lost, ...read.lost],
        duplicated: [...written.duplicated, ...read.duplicated],
      };
      const audit = verifyAudit(installation);
      say(`  [${engine}] hearth audit verify: exit ${audit.code}: ${audit.output}`);
      return {
        engine,
        cycles: CYCLES,
        sent: writes.length,
        answered: count(writes, (w) => w.state === 'answered'),
        reads: reads.length,
        readsAnswered: reads.filter((r) => r.state === 'answered').length,
        retried: count(writes, (w) => w.retried),
        inDoubt: count(writes, (w) => w.state === 'in-doubt'),
        ...verdict,
        failures,
        auditVerified: audit.code === 0,
        seconds: (Date.now() - started) / 1000,
      };
    } finally {
      await database.close();
    }
  } finally {
    await dispose();
  }
}

function report(r: EngineResult): boolean {
  say(
    `${r.engine}: ${r.cycles} cycles, ${r.sent} writes sent, ${r.answered} acknowledged ` +
      `(${r.retried} retried after a restart, ${r.inDoubt} left in doubt), ` +
      `${r.reads} audited reads sent, ${r.readsAnswered} answered, lost ${r.lost.length}, ` +
      `duplicated ${r.duplicated.length}, refused ${r.failures.length}, ` +
      `audit ${r.auditVerified ? 'verified' : 'BROKEN'}, ${r.seconds.toFixed(1)} s`,
  );
  for (const line of [...r.lost.map((l) => `lost: ${l}`), ...r.duplicated.map((d) => `duplicated: ${d}`)])
    say(`  ${line}`);
  for (const line of r.failures.slice(0, 10)) say(`  refused: ${line}`);
  return r.lost.length === 0 && r.duplicated.length === 0 && r.failures.length === 0 && r.auditVerified;
}

async function main(): Promise<number> {
  const engines: Engine[] = ['sqlite'];
  if (process.env.HEARTH_TEST_DATABASE_URL) engines.push('postgres');
  else if (process.env.HEARTH_REQUIRE_CRASH === '1') {
    say('HEARTH_REQUIRE_CRASH=1 but HEARTH_TEST_DATABASE_URL is not set: the PostgreSQL crash loop cannot run.');
    return 1;
  } else say('PostgreSQL skipped: set HEARTH_TEST_DATABASE_URL to crash-test it too.');
  ensureServerBuilt();
  const started = Date.now();
  let ok = true;
  const results: EngineResult[] = [];
  for (const engine of engines) {
    say(`Crash loop on ${engine}: ${CYCLES} cycles of kill -9 under concurrent writes and audited reads…`);
    const result = await crashEngine(engine);
    results.push(result);
    ok = report(result) && ok;
  }
  const total = (pick: (r: EngineResult) => number) => results.reduce((sum, r) => sum + pick(r), 0);
  say(
    `Total: ${total((r) => r.cycles)} cycles, ${total((r) => r.answered)} acknowledged writes, ` +
      `${total((r) => r.readsAnswered)} acknowledged audited reads, lost ${total((r) => r.lost.length)}, duplicated ${total((r) => r.duplicated.length)}, ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s: ${ok ? 'passed' : 'FAILED'}`,
  );
  return ok ? 0 : 1;
}

const watchdog = setTimeout(() => {
  say(`The crash loop did not finish within ${WATCHDOG_MS / 60_000} minutes: stopped.`);
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(`The crash loop could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
