// `npm run bench:outcomes`: the roster view (PRODUCT.md §3.5) for a group of 12 members with a
// year of weekly PHQ-9, GAD-7 and check-out scores (12 × 52 × 3 = 1,872 forms), and for a
// clinician's caseload of 10 such groups (18,720 forms), on SQLite and, when
// HEARTH_TEST_DATABASE_URL is set, PostgreSQL. The baseline in the same run is the raw query that
// reads the same group's forms with no pipeline, presenter or audit record around it.
import crypto from 'node:crypto';
import os from 'node:os';
import { sql } from 'kysely';
import type { Engine } from '../server/db/connect.js';
import { addPerson, createTestApp, setUpPractice, setupPracticeId, TEST_ENGINES } from '../server/testing/test-app.js';

const MEMBERS = 12;
const WEEKS = 52;
const GROUPS = 10;
const RUNS = Number(process.env.BENCH_RUNS ?? 20);

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

async function time(run: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 3; i++) await run();
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return samples;
}

async function benchEngine(engine: Engine) {
  const t = await createTestApp(engine);
  try {
    const owner = await setUpPractice(t.app);
    const practiceId = await setupPracticeId(t);
    const clinician = await addPerson(t, { email: 'maya@bench.test', role: 'clinician', practiceId, name: 'Maya' });
    const db = t.database.db;
    const now = Date.now();
    const groupIds: string[] = [];
    for (let g = 0; g < GROUPS; g++) {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/groups',
        headers: { cookie: owner.cookie },
        payload: {
          name: `Bench group ${g + 1}`,
          description: 'A benchmark group.',
          modality: 'process',
          format: 'closed',
          capacity: 12,
          timeZone: 'Europe/London',
          meetingMode: 'online',
          facilitatorIds: [clinician.userId],
          agreement: 'What is said in the group stays in the group.',
        },
      });
      if (created.statusCode !== 201) throw new Error(`group: ${created.body}`);
      const groupId = created.json().id as string;
      groupIds.push(groupId);
      await t.app.inject({
        method: 'PUT',
        url: `/api/groups/${groupId}/measures`,
        headers: { cookie: owner.cookie },
        payload: {
          measures: [
            { instrumentId: 'phq-9', cadence: 'every-weeks', everyWeeks: 1, main: true },
            { instrumentId: 'gad-7', cadence: 'every-weeks', everyWeeks: 1 },
            { instrumentId: 'hearth-checkout', cadence: 'every-session' },
          ],
        },
      });
      const start = new Date(now - WEEKS * 7 * 86_400_000).toISOString();
      const members = Array.from({ length: MEMBERS }, (_, m) => ({
        id: crypto.randomUUID(),
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
      }));
      await db.insertInto('groupMembers').values(members).execute();
      await db
        .insertInto('groupMemberEvents')
        .values(
          members.map((m) => ({
            id: crypto.randomUUID(),
            groupMemberId: m.id,
            fromStatus: null,
            toStatus: 'active',
            reason: null,
            byUserId: null,
            at: start,
          })),
        )
        .execute();
      const forms = [];
      for (const m of members)
        for (let w = 0; w < WEEKS; w++)
          for (const [instrumentId, total] of [
            ['phq-9', 18 - Math.floor(w / 6)],
            ['gad-7', 14 - Math.floor(w / 8)],
            ['hearth-checkout', 7],
          ] as const) {
            const at = new Date(now - (WEEKS - w) * 7 * 86_400_000).toISOString();
            forms.push({
              id: crypto.randomUUID(),
              practiceId,
              groupId,
              groupMemberId: m.id,
              instrumentId,
              occasion: `weeks:${w}`,
              dueAt: at,
              status: 'completed',
              total,
              band: null,
              submittedAt: at,
              createdAt: at,
              updatedAt: at,
            });
          }
      for (let i = 0; i < forms.length; i += 200)
        await db
          .insertInto('measureForms')
          .values(forms.slice(i, i + 200))
          .execute();
    }
    if (engine === 'postgres') await sql`analyze`.execute(db);
    const headers = { cookie: clinician.cookie };
    const rosterView = (groupId: string) =>
      t.app
        .inject({ method: 'GET', url: `/api/groups/${groupId}/outcomes`, headers, remoteAddress: clinician.ip })
        .then((r) => {
          if (r.statusCode !== 200) throw new Error(`outcomes: ${r.statusCode} ${r.body}`);
          return r;
        });
    const rawForms = (ids: string[]) =>
      db
        .selectFrom('measureForms')
        .select(['groupMemberId', 'instrumentId', 'total', 'submittedAt'])
        .where('groupId', 'in', ids)
        .where('status', '=', 'completed')
        .orderBy('submittedAt')
        .execute();
    const one = groupIds[0]!;
    const check = (await rosterView(one)).json();
    if (check.members.length !== MEMBERS || check.members[0].main.points.length !== WEEKS)
      throw new Error('the roster view did not return the seeded year');
    return [
      {
        name: `raw query: one group's ${MEMBERS * WEEKS * 3} forms (baseline)`,
        samples: await time(() => rawForms([one])),
      },
      { name: 'roster view, one group (GET /api/groups/:id/outcomes)', samples: await time(() => rosterView(one)) },
      {
        name: `raw query: ${GROUPS} groups' ${GROUPS * MEMBERS * WEEKS * 3} forms (baseline)`,
        samples: await time(() => rawForms(groupIds)),
      },
      {
        name: `caseload: roster views of all ${GROUPS} groups`,
        samples: await time(async () => {
          for (const id of groupIds) await rosterView(id);
        }),
      },
    ];
  } finally {
    await t.cleanup();
  }
}

console.log(
  `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}, ${RUNS} runs each after 3 warm-up runs`,
);
for (const engine of TEST_ENGINES) {
  const rows = await benchEngine(engine);
  const baseline = new Map<string, number>();
  console.log(`\n${engine}:`);
  console.log('| measure | p50 ms | p95 ms | mean ms | vs raw |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [i, row] of rows.entries()) {
    const s = stats(row.samples);
    if (i % 2 === 0) baseline.set(String(i + 1), s.mean);
    const ratio = i % 2 === 1 ? `${(s.mean / baseline.get(String(i))!).toFixed(1)}×` : '1.0×';
    console.log(`| ${row.name} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.mean.toFixed(1)} | ${ratio} |`);
  }
}
