import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { addYears, DEFAULT_RETENTION } from '../../../domain/retention.js';
import { backdateMembership, groupWithMembers, insertPastSession } from '../../testing/group-fixtures.js';
import { auditLogOf } from '../../platform/secret-key.js';
import { callerOf, describeEachEngine, TEST_SECRET_KEY, useTestApp } from '../../testing/test-app.js';

const DAY = 86_400_000;

describeEachEngine('retention', (engine) => {
  const t = useTestApp(engine);
  const call = callerOf(t);

  const settings = {
    clinicalYears: 10,
    jurisdictionNote: 'HIPAA / state law: 10 years after last contact',
    auditYears: 6,
    outboxDays: 14,
    signInDays: 7,
  };

  it('admins set the periods within their ranges; every member reads them', async () => {
    const f = await groupWithMembers(t.current, { members: ['Sam'] });
    const sam = f.members[0]!.person;
    expect((await call(f.owner, 'GET', '/api/practice/retention')).json()).toEqual(DEFAULT_RETENTION);
    for (const [field, value] of [
      ['clinicalYears', 0],
      ['clinicalYears', 31],
      ['auditYears', 1.5],
      ['outboxDays', 0],
      ['signInDays', 366],
      ['jurisdictionNote', 'two\nlines'],
      ['jurisdictionNote', 'x'.repeat(301)],
    ] as const) {
      const refused = await call(f.owner, 'PUT', '/api/practice/retention', { ...settings, [field]: value });
      expect(refused.statusCode, `${field}=${String(value)}`).toBe(400);
      expect(refused.json().errors.map((e: { field: string }) => e.field)).toContain(`body.${field}`);
    }
    const saved = await call(f.owner, 'PUT', '/api/practice/retention', settings);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toEqual(settings);
    expect((await call(f.maya, 'PUT', '/api/practice/retention', settings)).statusCode).toBe(403);
    const mine = await call(sam, 'GET', '/api/my/retention');
    expect(mine.json()).toEqual({ practiceName: 'Harbour Light Group Practice', settings });
    const audited = await t.current.database.db
      .selectFrom('auditEvents')
      .select('detail')
      .where('action', '=', 'retention.changed')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audited.detail)).toEqual({ clinicalYears: 10, auditYears: 6, outboxDays: 14, signInDays: 7 });
  });

  it('purges an erased person’s clinical records only once their retention has ended', async () => {
    const f = await groupWithMembers(t.current, { members: ['Sam', 'Rui'] });
    const [sam, rui] = f.members as [(typeof f.members)[0], (typeof f.members)[0]];
    const lastWeek = new Date(Date.now() - 7 * DAY);
    for (const m of [sam, rui]) await backdateMembership(t.current, m.memberId, new Date(lastWeek.getTime() - DAY));
    const sessionId = await insertPastSession(t.current, f, lastWeek);
    await call(f.maya, 'PUT', `/api/groups/${f.groupId}/sessions/${sessionId}/attendance`, {
      marks: [
        { memberId: sam.memberId, status: 'present', note: 'Sam note' },
        { memberId: rui.memberId, status: 'present', note: 'Rui note' },
      ],
    });
    const asked = await call(sam.person, 'POST', '/api/my/erasure-request', {});
    const approved = await call(f.owner, 'POST', `/api/erasure-requests/${asked.json().request.id}/approve`);
    const retainUntil = Date.parse(approved.json().retainUntil as string);
    expect(approved.json().retainUntil).toBe(addYears(lastWeek.toISOString(), 7));
    const db = t.current.database.db;
    const marks = () => db.selectFrom('sessionAttendance').select('groupMemberId').execute();

    await t.current.app.jobs.runDue(new Date(retainUntil - DAY));
    expect(await marks()).toHaveLength(2);

    await t.current.app.jobs.runDue(new Date(retainUntil + DAY));
    expect((await marks()).map((m) => m.groupMemberId)).toEqual([rui.memberId]);
    expect(await db.selectFrom('groupMembers').select('id').where('id', '=', sam.memberId).execute()).toEqual([]);
    // The run is audited with counts only.
    const runs = await db
      .selectFrom('auditEvents')
      .select('detail')
      .where('action', '=', 'retention.purged')
      .orderBy('seq', 'desc')
      .execute();
    expect(JSON.parse(runs[0]!.detail)).toMatchObject({ clinicalRecords: 2 });
    expect(JSON.parse(runs[1]!.detail)).toMatchObject({ clinicalRecords: 0 });
  });

  it('purges audit records older than the period, and the chain still verifies from its anchor', async () => {
    const f = await groupWithMembers(t.current, { members: ['Sam'] });
    // The owner's session is itself purged once it is long over, so the log is checked directly.
    const audit = auditLogOf(engine, { current: TEST_SECRET_KEY, previous: undefined });
    const verify = () => audit.verify(t.current.database.db, f.practiceId);
    await call(f.owner, 'PUT', '/api/practice/retention', { ...settings, auditYears: 1 });
    const db = t.current.database.db;
    const count = async () =>
      (await db.selectFrom('auditEvents').select('seq').where('chain', '=', f.practiceId).execute()).length;
    const before = await count();
    expect(before).toBeGreaterThan(5);

    // Within the year: nothing goes.
    await t.current.app.jobs.runDue(new Date(Date.now() + 300 * DAY));
    expect(await count()).toBe(before + 1);

    // A year and more later: everything older goes, the run's own records stay.
    const later = new Date(Date.now() + 400 * DAY);
    await t.current.app.jobs.runDue(later);
    const kept = await db
      .selectFrom('auditEvents')
      .select(['seq', 'action', 'detail'])
      .where('chain', '=', f.practiceId)
      .orderBy('seq')
      .execute();
    expect(kept.map((r) => r.action)).toEqual(['retention.purged']);
    expect(JSON.parse(kept[0]!.detail)).toMatchObject({ auditRecords: before + 1 });
    expect(await verify()).toMatchObject({ ok: true, records: 1 });

    // New records chain on, and verify.
    await t.current.app.jobs.runDue(new Date(later.getTime() + DAY));
    expect(await verify()).toMatchObject({ ok: true });

    // A key rotation re-signs the anchor with the records: the chain verifies under the new key alone.
    const newKey = 'another-secret-key-that-is-long-enough-9876543210';
    await auditLogOf(engine, { current: newKey, previous: TEST_SECRET_KEY }).rekey(db);
    const rotated = auditLogOf(engine, { current: newKey, previous: undefined });
    expect(await rotated.verify(db, f.practiceId)).toMatchObject({ ok: true });

    // The anchor cannot be moved to hide a removed record.
    await db.deleteFrom('auditEvents').where('chain', '=', f.practiceId).where('seq', '=', kept[0]!.seq).execute();
    await db
      .updateTable('auditChainAnchors')
      .set((eb) => ({ seq: eb('seq', '+', 1), hash: crypto.randomBytes(32).toString('hex') }))
      .where('chain', '=', f.practiceId)
      .execute();
    expect(await rotated.verify(db, f.practiceId)).toMatchObject({ ok: false });
  });

  it('purges ended sign-in sessions, expired invitations and outbox files after their periods', async () => {
    const f = await groupWithMembers(t.current, { members: ['Sam'] });
    await call(f.owner, 'PUT', '/api/practice/retention', settings);
    const db = t.current.database.db;
    const now = Date.now();
    // Made while the owner's session still works: it is about to be made long over.
    const invited = await call(f.owner, 'POST', '/api/people/invitations', {
      email: 'someone@people.test',
      name: 'Someone',
      role: 'member',
    });
    expect(invited.statusCode, invited.body).toBe(201);
    const sessions = await db.selectFrom('sessions').select(['id', 'userId']).execute();
    const [old, fresh] = sessions as [(typeof sessions)[0], (typeof sessions)[0]];
    const at = (ms: number) => new Date(ms).toISOString();
    await db
      .updateTable('sessions')
      .set({ activePracticeId: f.practiceId, expiresAt: at(now - 8 * DAY) })
      .where('id', '=', old.id)
      .execute();
    await db
      .updateTable('sessions')
      .set({ activePracticeId: f.practiceId, expiresAt: at(now - 5 * DAY) })
      .where('id', '=', fresh.id)
      .execute();
    await db
      .updateTable('practiceInvitations')
      .set({ expiresAt: at(now - 8 * DAY) })
      .where('id', '=', invited.json().id)
      .execute();
    // Outbox: one file older than the practice's 14 days, one younger.
    const outbox = path.join(t.current.dataDir, 'outbox');
    fs.mkdirSync(outbox, { recursive: true });
    for (const [name, age] of [
      ['old', 15],
      ['young', 11],
    ] as const)
      fs.writeFileSync(
        path.join(outbox, `${name}.json`),
        JSON.stringify({
          id: name,
          to: 'x@people.test',
          subject: name,
          text: '',
          practiceId: f.practiceId,
          from: 'h',
          createdAt: at(now - age * DAY),
        }),
      );

    // Tomorrow's run: today's may have run already while the group was set up.
    await t.current.app.jobs.runDue(new Date(now + DAY));
    const left = (await db.selectFrom('sessions').select('id').execute()).map((s) => s.id);
    expect(left).not.toContain(old.id);
    expect(left).toContain(fresh.id);
    expect(
      await db.selectFrom('practiceInvitations').select('id').where('id', '=', invited.json().id).execute(),
    ).toEqual([]);
    expect(fs.existsSync(path.join(outbox, 'old.json'))).toBe(false);
    expect(fs.existsSync(path.join(outbox, 'young.json'))).toBe(true);
    const run = await db
      .selectFrom('auditEvents')
      .select('detail')
      .where('action', '=', 'retention.purged')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(run.detail)).toEqual({ clinicalRecords: 0, auditRecords: 0, signInRecords: 2, outboxFiles: 1 });
  });
});
