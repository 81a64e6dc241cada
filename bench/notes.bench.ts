// `npm run bench:notes`: (1) writing and signing a 12-member session's notes through the API
// (start the notes, the group part, each member's own part, sign), against raw inserts of the same
// 13 rows; (2) the billing export of a practice-year (50 groups × 50 sessions × 10 members =
// 25,000 lines, every note signed) through POST /api/billing/exports (readiness read from the
// notes, lines marked exported with their diagnosis codes sealed, CSV written, audited), against
// the raw read and bulk update of the same rows. SQLite, and PostgreSQL when
// HEARTH_TEST_DATABASE_URL is set. Everything runs in process through app.inject.
import crypto from 'node:crypto';
import os from 'node:os';
import { sql } from 'kysely';
import type { Engine } from '../server/db/connect.js';
import { INSURED_RECORD, SETTINGS } from '../server/testing/billing-fixtures.js';
import { insertMembership, insertPerson } from '../server/modules/people/people.repository.js';
import { hashPassword } from '../server/platform/auth/password-hasher.js';
import { addPerson, createTestApp, setUpPractice, setupPracticeId, TEST_ENGINES } from '../server/testing/test-app.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const YEAR = { groups: 50, sessions: 50, members: 10 };
const DAY = 86_400_000;

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

/** Times `run` after one warm-up; `reset` runs untimed before each. */
async function time(runs: number, run: (i: number) => Promise<unknown>, reset?: () => Promise<unknown>) {
  await reset?.();
  await run(-1);
  const samples = [];
  for (let i = 0; i < runs; i++) {
    await reset?.();
    const start = performance.now();
    await run(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

const GROUP_PART = {
  themes: 'Boundaries at work; saying no without guilt.',
  interventions: ['psychoeducation', 'role-play'],
  interventionsOther: '',
  groupProcess: 'Members linked their stories; the group warmed after the role-play.',
  factors: ['universality'],
  risk: 'No risk discussed.',
};
const OWN_PART = {
  sections: { data: 'Said they practised saying no.', assessment: 'Engaged, hopeful.', plan: 'Practise once.' },
  participation: 'Active in the role-play.',
  goalProgress: 'One boundary held at work this week.',
  risk: 'None observed.',
};

async function benchEngine(engine: Engine) {
  const t = await createTestApp(engine);
  try {
    const owner = await setUpPractice(t.app);
    const practiceId = await setupPracticeId(t);
    const maya = await addPerson(t, { email: 'maya@bench.test', role: 'clinician', practiceId, name: 'Maya' });
    const db = t.database.db;
    const inject = (who: typeof owner, method: string, url: string, payload?: object) =>
      t.app
        .inject({ method: method as 'GET', url, headers: { cookie: who.cookie }, remoteAddress: who.ip, payload })
        .then((r) => {
          if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
          return r;
        });
    await inject(owner, 'PUT', '/api/billing/settings', SETTINGS);
    const now = Date.now();
    const start = new Date(now - 400 * DAY).toISOString();

    /** Groups with members and past sessions at which everyone was present, straight into the tables. */
    async function seedGroups(count: number, sessions: number, members: number) {
      const out: Array<{ groupId: string; sessionIds: string[]; memberIds: string[] }> = [];
      for (let g = 0; g < count; g++) {
        const groupId = crypto.randomUUID();
        await db
          .insertInto('groups')
          .values({
            id: groupId,
            practiceId,
            name: `Bench group ${g + 1}`,
            description: 'A benchmark group.',
            modality: 'process',
            format: 'closed',
            capacity: 30,
            timeZone: 'America/New_York',
            meetingMode: 'online',
            place: null,
            meetingLink: 'https://meet.example.org/bench',
            status: 'active',
            selfReferralToken: null,
            screeningQuestions: null,
            closedAt: null,
            archivedAt: null,
            createdAt: start,
            updatedAt: start,
          })
          .execute();
        await db.insertInto('groupFacilitators').values({ groupId, userId: maya.userId, addedAt: start }).execute();
        await db
          .insertInto('groupAgreements')
          .values({
            id: crypto.randomUUID(),
            groupId,
            version: 1,
            text: 'What is said here stays here.',
            createdBy: maya.userId,
            createdAt: start,
          })
          .execute();
        const memberIds = Array.from({ length: members }, () => crypto.randomUUID());
        await db
          .insertInto('groupMembers')
          .values(
            memberIds.map((id, m) => ({
              id,
              practiceId,
              groupId,
              userId: null,
              email: `m${m}-${g}@bench.test`,
              name: `Member ${m + 1}`,
              status: 'active',
              displayName: `M${m + 1}`,
              displayNameKey: `m${m + 1}`,
              statusChangedAt: start,
              createdAt: start,
            })),
          )
          .execute();
        await db
          .insertInto('groupMemberEvents')
          .values(
            memberIds.map((id) => ({
              id: crypto.randomUUID(),
              groupMemberId: id,
              fromStatus: null,
              toStatus: 'active',
              reason: null,
              byUserId: null,
              at: start,
            })),
          )
          .execute();
        const sessionIds = Array.from({ length: sessions }, () => crypto.randomUUID());
        const sessionRows = sessionIds.map((id, s) => {
          const at = new Date(now - (sessions - s) * 7 * DAY).toISOString();
          return {
            id,
            practiceId,
            groupId,
            occurrenceStart: at,
            startsAt: at,
            endsAt: new Date(Date.parse(at) + 90 * 60_000).toISOString(),
            status: 'scheduled',
            createdAt: start,
            updatedAt: start,
          };
        });
        await db.insertInto('groupSessions').values(sessionRows).execute();
        const marks = sessionIds.flatMap((sessionId) =>
          memberIds.map((groupMemberId) => ({
            sessionId,
            groupMemberId,
            practiceId,
            status: 'present',
            note: null,
            recordedBy: maya.userId,
            recordedAt: start,
          })),
        );
        for (let i = 0; i < marks.length; i += 500)
          await db
            .insertInto('sessionAttendance')
            .values(marks.slice(i, i + 500))
            .execute();
        out.push({ groupId, sessionIds, memberIds });
      }
      return out;
    }

    // (1) One 12-member group, a fresh past session per run.
    const [notesGroup] = await seedGroups(1, RUNS + 2, 12);
    const { groupId } = notesGroup!;
    const writeAndSign = async (i: number) => {
      const base = `/api/groups/${groupId}/sessions/${notesGroup!.sessionIds[i + 1]}/notes`;
      const started = (await inject(maya, 'POST', base)).json().notes as Array<{ memberId: string }>;
      if (started.length !== 12) throw new Error(`expected 12 notes, got ${started.length}`);
      await inject(maya, 'PUT', `${base}/group`, { content: GROUP_PART });
      for (const note of started) await inject(maya, 'PUT', `${base}/members/${note.memberId}`, { content: OWN_PART });
      const signed = (await inject(maya, 'POST', `${base}/sign`)).json();
      if (signed.signed !== 12) throw new Error(`signed ${signed.signed}`);
    };
    const rawNotes = async () => {
      const sessionId = crypto.randomUUID();
      const at = new Date().toISOString();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('groupSessions')
          .values({
            id: sessionId,
            practiceId,
            groupId,
            occurrenceStart: at,
            startsAt: at,
            endsAt: at,
            status: 'scheduled',
            createdAt: at,
            updatedAt: at,
          })
          .execute();
        await trx
          .insertInto('progressNotes')
          .values(
            notesGroup!.memberIds.map((groupMemberId) => ({
              id: crypto.randomUUID(),
              practiceId,
              groupId,
              sessionId,
              groupMemberId,
              userId: null,
              attendance: 'present',
              template: 'DAP',
              content: JSON.stringify(OWN_PART),
              groupPart: JSON.stringify(GROUP_PART),
              status: 'signed',
              authorId: maya.userId,
              signedBy: maya.userId,
              signedName: 'Maya',
              signedCredential: 'LCSW',
              signedAt: at,
              contentHash: 'x',
              cosignerId: null,
              cosignedBy: null,
              cosignedName: null,
              cosignedCredential: null,
              cosignedAt: null,
              cosignHash: null,
              releasedAt: null,
              releasedBy: null,
              createdAt: at,
              updatedAt: at,
            })),
          )
          .execute();
      });
    };
    const notesRows = [
      { name: 'raw insert: 12 signed notes of one session (baseline)', samples: await time(RUNS, rawNotes) },
      { name: 'write and sign a 12-member session’s notes (15 requests)', samples: await time(RUNS, writeAndSign) },
    ];

    // (2) A practice-year: every session's notes signed, a billing line for each member.
    const year = await seedGroups(YEAR.groups, YEAR.sessions, YEAR.members);
    const at = new Date().toISOString();
    // Each member has an account and a clinical record with a diagnosis code, as an insured member's
    // line needs before it can be claimed (decision 0039): the export opens each record once.
    const passwordHash = await hashPassword(crypto.randomUUID());
    const accounts = new Map<string, string>();
    for (const g of year)
      for (const groupMemberId of g.memberIds) {
        const userId = crypto.randomUUID();
        await db.transaction().execute(async (trx) => {
          await insertPerson(trx, engine, {
            id: userId,
            name: `Member ${accounts.size + 1}`,
            email: `${groupMemberId}@bench.test`,
            passwordHash,
            now: at,
          });
          await insertMembership(trx, { practiceId, userId, role: 'member', now: at });
          await trx.updateTable('groupMembers').set({ userId }).where('id', '=', groupMemberId).execute();
        });
        await inject(maya, 'PUT', `/api/people/${userId}/clinical-record`, INSURED_RECORD);
        accounts.set(groupMemberId, userId);
      }
    const notes = [];
    const lines = [];
    for (const g of year)
      for (const sessionId of g.sessionIds) {
        const session = await db
          .selectFrom('groupSessions')
          .select('startsAt')
          .where('id', '=', sessionId)
          .executeTakeFirstOrThrow();
        for (const groupMemberId of g.memberIds) {
          notes.push({
            id: crypto.randomUUID(),
            practiceId,
            groupId: g.groupId,
            sessionId,
            groupMemberId,
            userId: accounts.get(groupMemberId)!,
            attendance: 'present',
            template: 'DAP',
            content: '',
            groupPart: '',
            status: 'signed',
            authorId: maya.userId,
            signedBy: maya.userId,
            signedName: 'Maya',
            signedCredential: 'LCSW',
            signedAt: at,
            contentHash: 'x',
            cosignerId: null,
            cosignedBy: null,
            cosignedName: null,
            cosignedCredential: null,
            cosignedAt: null,
            cosignHash: null,
            releasedAt: null,
            releasedBy: null,
            createdAt: at,
            updatedAt: at,
          });
          lines.push({
            id: crypto.randomUUID(),
            practiceId,
            groupId: g.groupId,
            sessionId,
            groupMemberId,
            userId: accounts.get(groupMemberId)!,
            clinicianId: maya.userId,
            serviceAt: session.startsAt,
            cpt: '90853',
            addOn: null,
            placeOfService: '10',
            modifier: '95',
            units: 1,
            feeCents: 6500,
            addOnFeeCents: 0,
            diagnosisCodes: null,
            status: 'open',
            statusNote: null,
            statusChangedBy: maya.userId,
            statusChangedAt: at,
            exportedAt: null,
            createdBy: maya.userId,
            createdAt: at,
          });
        }
      }
    for (let i = 0; i < notes.length; i += 500)
      await db
        .insertInto('progressNotes')
        .values(notes.slice(i, i + 500))
        .execute();
    for (let i = 0; i < lines.length; i += 500)
      await db
        .insertInto('billingLines')
        .values(lines.slice(i, i + 500))
        .execute();
    if (engine === 'postgres') await sql`analyze`.execute(db);
    const range = {
      from: new Date(now - 365 * DAY).toISOString().slice(0, 10),
      to: new Date(now).toISOString().slice(0, 10),
    };
    const reopen = () =>
      db.updateTable('billingLines').set({ status: 'open', diagnosisCodes: null, exportedAt: null }).execute();
    const exportYear = async () => {
      const response = await inject(owner, 'POST', '/api/billing/exports', range);
      const rows = response.body.split('\r\n').length - 2;
      if (rows !== lines.length + RUNS + 1 - (RUNS + 1) && rows < lines.length)
        throw new Error(`exported ${rows} rows`);
    };
    const rawExport = async () => {
      const rows = await db
        .selectFrom('billingLines')
        .innerJoin('groups', 'groups.id', 'billingLines.groupId')
        .innerJoin('groupMembers', 'groupMembers.id', 'billingLines.groupMemberId')
        .innerJoin('progressNotes', (j) =>
          j
            .onRef('progressNotes.sessionId', '=', 'billingLines.sessionId')
            .onRef('progressNotes.groupMemberId', '=', 'billingLines.groupMemberId'),
        )
        .selectAll('billingLines')
        .select(['groups.name', 'groupMembers.name as memberName'])
        .where('billingLines.practiceId', '=', practiceId)
        .where('billingLines.status', '=', 'open')
        .where('progressNotes.status', '=', 'signed')
        .execute();
      await db
        .updateTable('billingLines')
        .set({ status: 'exported', exportedAt: at })
        .where('status', '=', 'open')
        .execute();
      if (rows.length < YEAR.groups * YEAR.sessions * YEAR.members) throw new Error(`read ${rows.length}`);
    };
    const exportRuns = Math.min(RUNS, 3);
    const exportRows = [
      {
        name: `raw read and update of the ${lines.length.toLocaleString('en')} lines (baseline)`,
        samples: await time(exportRuns, rawExport, reopen),
      },
      {
        name: `billing export of a practice-year: ${lines.length.toLocaleString('en')} lines as CSV`,
        samples: await time(exportRuns, exportYear, reopen),
      },
    ];
    return [...notesRows, ...exportRows];
  } finally {
    await t.cleanup();
  }
}

console.log(
  `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}, ${RUNS} runs (export: ${Math.min(RUNS, 3)}) after 1 warm-up`,
);
for (const engine of TEST_ENGINES) {
  const rows = await benchEngine(engine);
  console.log(`\n${engine}:`);
  console.log('| measure | p50 ms | p95 ms | mean ms | vs raw |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (let i = 0; i < rows.length; i += 2) {
    const base = stats(rows[i]!.samples);
    const real = stats(rows[i + 1]!.samples);
    for (const [row, s, ratio] of [
      [rows[i]!, base, '1.0×'],
      [rows[i + 1]!, real, `${(real.mean / base.mean).toFixed(1)}×`],
    ] as const)
      console.log(`| ${row.name} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.mean.toFixed(1)} | ${ratio} |`);
  }
}
