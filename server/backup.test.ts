import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from './cli.js';
import { loadConfig } from './config.js';
import { connectDatabase, type Engine } from './db/connect.js';
import { clinicalCipherFor } from './main.js';
import { insertForms } from './modules/measures/measures.repository.js';
import { sealedIn } from './platform/crypto/encrypted-columns.js';
import { groupWithMembers, type GroupFixture } from './testing/group-fixtures.js';
import { appOnInstallation, createInstallation, type Installation } from './testing/installation.js';
import { setUpPractice, TEST_ENGINES, TEST_SECRET_KEY, type TestApp } from './testing/test-app.js';

function capture() {
  const lines = { out: [] as string[], err: [] as string[] };
  return { lines, io: { out: (t: string) => lines.out.push(t), err: (t: string) => lines.err.push(t) } };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.unstubAllEnvs();
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-backup-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** An empty installation (server/testing/installation.ts), removed after the test. */
async function emptyInstallation(engine: Engine): Promise<Installation> {
  const { env, dispose } = await createInstallation(engine);
  cleanups.push(dispose);
  return env;
}

/** A practice set up through the app (owner, two-step sign-in, audit records), then closed. */
async function seedPractice(env: Installation): Promise<void> {
  const t = await appOnInstallation(env);
  await setUpPractice(t.app);
  await t.app.close();
  await t.cleanup();
}

async function countRows(env: Installation) {
  const database = connectDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.HEARTH_DATA_DIR });
  try {
    const count = async (table: 'practices' | 'users' | 'auditEvents') =>
      Number(
        (
          await database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      practices: await count('practices'),
      users: await count('users'),
      auditEvents: await count('auditEvents'),
    };
  } finally {
    await database.close();
  }
}

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

/** A check-in sent during the backup drill, and what became of it. */
interface DrillWrite {
  formId: string;
  answers: Record<string, number>;
  sentAt: number;
  answeredAt?: number;
  status?: number;
}

const phq9Answers = () => Object.fromEntries(Array.from({ length: 8 }, (_, i) => [String(i + 1), (i * 7) % 4]));

/** Polls until `done()`, for at most 10 s, so a drill that goes wrong fails instead of hanging. */
async function waitFor(done: () => boolean): Promise<void> {
  const giveUpAt = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > giveUpAt) throw new Error('gave up waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** `count` PHQ-9 check-ins waiting for each member of the fixture; their ids, per member. */
async function checkInsWaiting(t: TestApp, fixture: GroupFixture, count: number): Promise<string[][]> {
  const now = new Date().toISOString();
  const queues = fixture.members.map(() => Array.from({ length: count }, () => crypto.randomUUID()));
  await t.database.db.transaction().execute((trx) =>
    insertForms(
      trx,
      fixture.members.flatMap((member, m) =>
        queues[m]!.map((id, i) => ({
          id,
          practiceId: fixture.practiceId,
          groupId: fixture.groupId,
          groupMemberId: member.memberId,
          instrumentId: 'phq-9',
          occasion: `drill:${i}`,
          sessionId: null,
          dueAt: now,
          status: 'due',
          createdAt: now,
          updatedAt: now,
        })),
      ),
    ),
  );
  return queues;
}

/** Every check-in of an installation as stored: answers opened, audit records and safety alerts counted. */
async function checkInsIn(env: Installation) {
  const cipher = clinicalCipherFor(loadConfig(env));
  const database = connectDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.HEARTH_DATA_DIR });
  try {
    const db = database.db;
    const audits = await db
      .selectFrom('auditEvents')
      .select('subjectId')
      .where('action', '=', 'measures.submitted')
      .execute();
    const alerts = await db.selectFrom('alerts').select('causeKey').execute();
    const forms = await db
      .selectFrom('measureForms')
      .select(['id', 'status', 'answers', 'submittedAt'])
      .where('occasion', 'like', 'drill:%')
      .execute();
    return new Map(
      forms.map((form) => [
        form.id,
        {
          status: form.status,
          submittedAt: form.submittedAt,
          answers: form.answers
            ? (JSON.parse(cipher.decrypt(form.answers, sealedIn('measureForms.answers', form.id))) as Record<
                string,
                number
              >)
            : null,
          audited: audits.filter((a) => a.subjectId === form.id).length,
          safetyAlerts: alerts.filter((a) => a.causeKey === `safety.phq9-item9:${form.id}`).length,
        },
      ]),
    );
  } finally {
    await database.close();
  }
}

for (const engine of TEST_ENGINES) {
  describe(`hearth backup and restore [${engine}]`, () => {
    it('restore drill: backs up a practice, restores it into an empty database, and the audit log verifies', async () => {
      const source = await emptyInstallation(engine);
      await seedPractice(source);
      const before = await countRows(source);
      expect(before.practices).toBe(1);
      expect(before.auditEvents).toBeGreaterThan(0);

      const file = path.join(tempDir(), engine === 'sqlite' ? 'hearth.sqlite.bak' : 'hearth.dump');
      const backedUp = capture();
      expect(await runCli(['backup', file], source, backedUp.io), backedUp.lines.err.join('\n')).toBe(0);
      expect(modeOf(file)).toBe(0o600);
      expect(backedUp.lines.out.join('\n')).toMatch(
        engine === 'sqlite' ? /passed the integrity check/ : /The backup is readable: \d+ entries/,
      );
      expect(backedUp.lines.out.join('\n')).toMatch(engine === 'sqlite' ? /Copying/ : /dumping contents of table/);

      const target = await emptyInstallation(engine);
      const restored = capture();
      expect(await runCli(['restore', file], target, restored.io), restored.lines.err.join('\n')).toBe(0);
      const printed = restored.lines.out.join('\n');
      expect(printed).toMatch(/Restored .* Applying migrations/);
      expect(printed).toMatch(new RegExp(`The audit log is intact: ${before.auditEvents} record`));
      expect(await countRows(target)).toEqual(before);
      if (engine === 'sqlite') expect(modeOf(path.join(target.HEARTH_DATA_DIR, 'hearth.sqlite'))).toBe(0o600);
      if (engine === 'postgres') expect(printed + restored.lines.err.join('')).not.toContain(':postgres@');
    });

    it('backup drill: a backup taken while members send check-ins restores every check-in answered before it began, none half-written', async () => {
      const source = await emptyInstallation(engine);
      const t = await appOnInstallation(source);
      cleanups.push(async () => {
        await t.app.close();
        await t.cleanup();
      });
      const fixture = await groupWithMembers(t, { members: ['Sam', 'Lee'] });
      const queues = await checkInsWaiting(t, fixture, 300);

      // Two members send check-ins one after another, as fast as the app answers, through the API.
      const writes: DrillWrite[] = [];
      let stopped = false;
      const writing = Promise.all(
        fixture.members.map(async (member, i) => {
          for (let formId = queues[i]!.shift(); formId && !stopped; formId = queues[i]!.shift()) {
            const answers = { ...phq9Answers(), '9': writes.length % 3 === 0 ? 1 : 0 };
            const write: DrillWrite = { formId, answers, sentAt: performance.now() };
            writes.push(write);
            const response = await t.app.inject({
              method: 'POST',
              url: `/api/my/measures/${formId}/submission`,
              headers: { cookie: member.person.cookie, 'idempotency-key': `drill-${formId}` },
              payload: { answers },
            });
            write.status = response.statusCode;
            write.answeredAt = performance.now();
          }
        }),
      );
      await waitFor(() => writes.filter((w) => w.status === 200).length >= 10);

      const file = path.join(tempDir(), engine === 'sqlite' ? 'drill.sqlite.bak' : 'drill.dump');
      const backupStarted = performance.now();
      const answeredBefore = writes.filter((w) => w.status === 200);
      const backedUp = capture();
      expect(await runCli(['backup', file], source, backedUp.io), backedUp.lines.err.join('\n')).toBe(0);
      const backupEnded = performance.now();
      stopped = true;
      await writing;
      // The backup really ran under load: check-ins were sent and answered while it ran.
      expect(writes.some((w) => w.sentAt < backupEnded && (w.answeredAt ?? Infinity) > backupStarted)).toBe(true);
      expect(writes.every((w) => w.status === 200)).toBe(true);

      const target = await emptyInstallation(engine);
      const restored = capture();
      expect(await runCli(['restore', file], target, restored.io), restored.lines.err.join('\n')).toBe(0);
      expect(restored.lines.out.join('\n')).toMatch(/The audit log is intact/);
      const verified = capture();
      expect(await runCli(['audit', 'verify'], target, verified.io), verified.lines.err.join('\n')).toBe(0);

      const kept = await checkInsIn(target);
      for (const write of answeredBefore) {
        const form = kept.get(write.formId);
        expect(form, `check-in ${write.formId} answered before the backup`).toMatchObject({
          status: 'completed',
          answers: write.answers,
          audited: 1,
        });
      }
      // Every check-in, answered before, during or after the backup, is whole or absent: sent with its
      // answers, its audit record and (for a safety answer) its urgent alert, or still waiting untouched.
      expect(kept.size).toBe(600);
      for (const [formId, form] of kept) {
        if (form.status === 'completed') {
          expect(form.answers, formId).not.toBeNull();
          expect(form.submittedAt, formId).not.toBeNull();
          expect(form.audited, formId).toBe(1);
          expect(form.safetyAlerts, formId).toBe(form.answers!['9']! > 0 ? 1 : 0);
        } else {
          expect(form, formId).toMatchObject({ status: 'due', answers: null, submittedAt: null, audited: 0 });
          expect(form.safetyAlerts, formId).toBe(0);
        }
      }
      const restoredCount = [...kept.values()].filter((f) => f.status === 'completed').length;
      expect(restoredCount).toBeGreaterThanOrEqual(answeredBefore.length);
    });

    it('refuses to overwrite a file, and to restore into a database that has tables', async () => {
      const source = await emptyInstallation(engine);
      await seedPractice(source);
      const file = path.join(tempDir(), 'taken');
      fs.writeFileSync(file, 'keep me');
      const overwrite = capture();
      expect(await runCli(['backup', file], source, overwrite.io)).toBe(1);
      expect(overwrite.lines.err[0]).toContain('already exists');
      expect(fs.readFileSync(file, 'utf8')).toBe('keep me');

      const good = path.join(tempDir(), 'good.backup');
      expect(await runCli(['backup', good], source, capture().io)).toBe(0);
      const before = await countRows(source);
      const intoLive = capture();
      expect(await runCli(['restore', good], source, intoLive.io)).toBe(1);
      expect(intoLive.lines.err[0]).toMatch(/already has \d+ table\(s\); Hearth restores only into an empty database/);
      expect(intoLive.lines.err[0]).toContain(engine === 'sqlite' ? 'new, empty data folder' : 'Create a new database');
      expect(await countRows(source)).toEqual(before);
    });

    it('restored with another root key, says the audit log does not verify and why, with exit code 3', async () => {
      const source = await emptyInstallation(engine);
      await seedPractice(source);
      const file = path.join(tempDir(), 'hearth.backup');
      expect(await runCli(['backup', file], source, capture().io)).toBe(0);
      const target = { ...(await emptyInstallation(engine)), HEARTH_SECRET_KEY: 'another-key-'.repeat(4) };
      const { lines, io } = capture();
      expect(await runCli(['restore', file], target, io)).toBe(3);
      expect(lines.err.join('\n')).toMatch(/broken at record 1[\s\S]*another root key/);
    });

    if (engine === 'postgres')
      it('exits 1 when pg_dump cannot reach the database, leaving no file and never printing the password', async () => {
        const file = path.join(tempDir(), 'hearth.dump');
        const env = {
          DATABASE_URL: 'postgres://hearth:s3cret@127.0.0.1:1/hearth',
          HEARTH_DATA_DIR: tempDir(),
          HEARTH_SECRET_KEY: TEST_SECRET_KEY,
        };
        const { lines, io } = capture();
        expect(await runCli(['backup', file], env, io)).toBe(1);
        expect(lines.err[0]).toMatch(/pg_dump failed \(exit code 1\)/);
        expect(fs.existsSync(file)).toBe(false);
        expect(lines.out.join('\n')).toContain('postgres://hearth:***@127.0.0.1:1/hearth');
        expect(lines.out.join('') + lines.err.join('')).not.toContain('s3cret');
      });

    it('exits non-zero on a file that is not a backup, leaving the target empty', async () => {
      const target = await emptyInstallation(engine);
      const file = path.join(tempDir(), 'not-a-backup');
      fs.writeFileSync(file, 'this is not a database');
      const { lines, io } = capture();
      expect(await runCli(['restore', file], target, io)).toBe(1);
      expect(lines.err[0]).toMatch(engine === 'sqlite' ? /not a readable SQLite database/ : /pg_restore failed/);
      if (engine === 'sqlite') expect(fs.existsSync(path.join(target.HEARTH_DATA_DIR, 'hearth.sqlite'))).toBe(false);
    });
  });
}

describe('hearth backup on PostgreSQL without the client tools', () => {
  it('names the package to install and writes no file', async () => {
    vi.stubEnv('PATH', tempDir());
    const file = path.join(tempDir(), 'hearth.dump');
    const env = { DATABASE_URL: 'postgres://hearth:s3cret@db.internal/hearth', HEARTH_SECRET_KEY: 'k'.repeat(40) };
    const { lines, io } = capture();
    expect(await runCli(['backup', file], env, io)).toBe(1);
    expect(lines.err[0]).toMatch(/pg_dump was not found.*apt-get install postgresql-client/);
    expect(fs.existsSync(file)).toBe(false);
    expect(lines.out.join('') + lines.err.join('')).not.toContain('s3cret');
  });
});
