import { expect, it } from 'vitest';
import { backdateMembership, groupWithMembers, insertPastSession } from '../../testing/group-fixtures.js';
import { addPerson, callerOf, describeEachEngine, useTestApp, type SignedIn } from '../../testing/test-app.js';

const PHQ9_WITH_ITEM9 = { 1: 2, 2: 2, 3: 1, 4: 2, 5: 1, 6: 2, 7: 1, 8: 0, 9: 1 };

/**
 * One rule for clinical data (PRODUCT.md §6, decision 0019): the group's facilitators and the
 * practice's supervisors read it; an owner or admin who facilitates nothing sees counts and
 * aggregates, and an alert only when it was escalated to them, each such read recorded.
 */
describeEachEngine('who reads clinical data', (engine) => {
  const t = useTestApp(engine);
  const call = callerOf(t);
  const intact = async (owner: SignedIn) =>
    (await call(owner, 'GET', '/api/audit/verification')).json().intact as boolean;

  /** A group with a member who answered a PHQ-9 (item 9 too), one with screening answers, one removed, and a noted absence. */
  async function clinicalGroup() {
    const fixture = await groupWithMembers(t.current, { members: ['Sam', 'Ria'] });
    const { maya, practiceId, groupId } = fixture;
    const [sam, ria] = fixture.members;
    const admin = await addPerson(t.current, { email: 'ada@harbour.test', role: 'admin', practiceId });
    const supervisor = await addPerson(t.current, { email: 'sue@harbour.test', role: 'supervisor', practiceId });
    const lee = await addPerson(t.current, { email: 'lee@people.test', role: 'member', practiceId, name: 'Lee Legal' });
    const leeMember = (
      await call(maya, 'POST', `/api/groups/${groupId}/members`, { name: 'Lee Legal', email: 'lee@people.test' })
    ).json().id as string;
    const screening = await call(lee, 'POST', `/api/my/groups/${groupId}/screening`, {
      answers: ['I would like to feel less alone.', '', '', ''],
    });
    expect(screening.statusCode, screening.body).toBe(200);
    const removed = await call(maya, 'POST', `/api/groups/${groupId}/members/${ria!.memberId}/status`, {
      status: 'removed',
      reason: 'Unsafe behaviour towards a peer.',
    });
    expect(removed.statusCode, removed.body).toBe(200);

    await call(maya, 'PUT', `/api/groups/${groupId}/measures`, {
      measures: [{ instrumentId: 'phq-9', cadence: 'admission', main: true }],
    });
    const [form] = (await call(sam!.person, 'GET', '/api/my/measures')).json().waiting;
    const sent = await call(sam!.person, 'POST', `/api/my/measures/${form.id}/submission`, {
      answers: PHQ9_WITH_ITEM9,
    });
    expect(sent.statusCode, sent.body).toBe(200);

    await backdateMembership(t.current, sam!.memberId, new Date(Date.now() - 14 * 86_400_000));
    const sessionId = await insertPastSession(t.current, fixture, new Date(Date.now() - 7 * 86_400_000));
    const marked = await call(maya, 'PUT', `/api/groups/${groupId}/sessions/${sessionId}/attendance`, {
      marks: [{ memberId: sam!.memberId, status: 'absent-excused', note: 'In hospital this week.' }],
    });
    expect(marked.statusCode, marked.body).toBe(204);
    return { ...fixture, admin, supervisor, sam: sam!, leeMember, sessionId };
  }

  it('gives an owner or admin who facilitates nothing totals only, on every route that returns clinical data', async () => {
    const g = await clinicalGroup();
    const base = `/api/groups/${g.groupId}`;
    for (const who of [g.owner, g.admin]) {
      expect((await call(who, 'GET', `${base}/members/${g.leeMember}/screening`)).statusCode).toBe(403);
      const roster = (await call(who, 'GET', `${base}/members`)).json().members;
      expect(roster.map((m: { endReason: string | null }) => m.endReason)).toEqual([null, null, null]);
      expect(roster.find((m: { id: string }) => m.id === g.leeMember).screeningSubmittedAt).toBeNull();
      const intake = (await call(who, 'GET', '/api/intake')).json().entries;
      expect(intake.find((e: { id: string }) => e.id === g.leeMember).screeningSubmittedAt).toBeNull();
      const sheet = await call(who, 'GET', `${base}/sessions/${g.sessionId}/attendance`);
      expect(sheet.json().entries[0]).toMatchObject({ status: 'absent-excused', note: null });
      expect(sheet.body).not.toContain('hospital');
      const outcomes = (await call(who, 'GET', `${base}/outcomes`)).json();
      expect(outcomes).toMatchObject({ view: 'aggregate', members: [] });
      expect((await call(who, 'GET', `${base}/outcomes.csv`)).statusCode).toBe(403);
      expect((await call(who, 'GET', `${base}/outcomes.fhir.json`)).statusCode).toBe(403);
      expect((await call(who, 'GET', `${base}/alerts`)).json().alerts).toEqual([]);
      expect((await call(who, 'GET', '/api/alerts')).json().alerts).toEqual([]);
    }
    const [alert] = (await call(g.maya, 'GET', `${base}/alerts`)).json().alerts;
    expect((await call(g.owner, 'POST', `${base}/alerts/${alert.id}/acknowledgement`)).statusCode).toBe(404);

    // Marking who came leaves the facilitator's note alone; writing one is for the group's clinicians.
    const url = `${base}/sessions/${g.sessionId}/attendance`;
    const withNote = await call(g.owner, 'PUT', url, {
      marks: [{ memberId: g.sam.memberId, status: 'present', note: 'x' }],
    });
    expect(withNote.statusCode).toBe(403);
    expect(withNote.json().errors[0].field).toBe('body.marks.0.note');
    expect(
      (await call(g.owner, 'PUT', url, { marks: [{ memberId: g.sam.memberId, status: 'absent-excused' }] })).statusCode,
    ).toBe(204);
    expect((await call(g.maya, 'GET', url)).json().entries[0].note).toBe('In hospital this week.');

    const reads = await t.current.database.db
      .selectFrom('auditEvents')
      .select('action')
      .where('actorUserId', 'in', [g.owner.userId, g.admin.userId])
      .where('action', 'like', 'clinical.%')
      .execute();
    expect(reads).toEqual([]);
  });

  it('lets the group’s clinician and the practice’s supervisors read it, and an owner who facilitates the group', async () => {
    const g = await clinicalGroup();
    const base = `/api/groups/${g.groupId}`;
    const facilitate = await call(g.owner, 'PATCH', base, { facilitatorIds: [g.maya.userId, g.owner.userId] });
    expect(facilitate.statusCode, facilitate.body).toBe(200);
    for (const who of [g.maya, g.supervisor, g.owner]) {
      const screening = await call(who, 'GET', `${base}/members/${g.leeMember}/screening`);
      expect(screening.statusCode).toBe(200);
      expect(screening.json().items[0].answer).toBe('I would like to feel less alone.');
      const roster = (await call(who, 'GET', `${base}/members`)).json().members;
      expect(roster.map((m: { endReason: string | null }) => m.endReason)).toContain(
        'Unsafe behaviour towards a peer.',
      );
      const sheet = (await call(who, 'GET', `${base}/sessions/${g.sessionId}/attendance`)).json();
      expect(sheet.entries[0].note).toBe('In hospital this week.');
      expect((await call(who, 'GET', `${base}/outcomes`)).json().view).toBe('members');
      expect((await call(who, 'GET', `${base}/alerts`)).json().alerts).toHaveLength(1);
      expect((await call(who, 'GET', '/api/alerts')).json().alerts).toHaveLength(1);
    }
    expect((await call(g.owner, 'GET', `${base}/outcomes.csv`)).statusCode).toBe(200);
  });

  it('opens an escalated alert to its escalation target only, as break-the-glass in the audit log and the member’s history', async () => {
    const g = await clinicalGroup();
    const base = `/api/groups/${g.groupId}`;
    // Nobody acknowledges the urgent alert: without a backup clinician it goes to the owners and admins.
    await t.current.app.jobs.runDue(new Date(Date.now() + 31 * 60_000));
    const [alert] = (await call(g.owner, 'GET', '/api/alerts')).json().alerts;
    expect(alert).toMatchObject({ kind: 'safety.phq9-item9', member: { displayName: 'Sam' } });
    expect(alert.escalatedAt).not.toBeNull();
    expect((await call(g.admin, 'GET', `${base}/alerts`)).json().alerts).toHaveLength(1);
    expect((await call(g.owner, 'POST', `${base}/alerts/${alert.id}/acknowledgement`)).statusCode).toBe(204);

    const opened = await t.current.database.db
      .selectFrom('auditEvents')
      .innerJoin('auditEventPeople', 'auditEventPeople.eventId', 'auditEvents.id')
      .select(['auditEvents.actorUserId', 'auditEventPeople.personId'])
      .where('auditEvents.action', '=', 'clinical.escalated_alert_opened')
      .orderBy('auditEvents.seq')
      .execute();
    expect(opened).toEqual([
      { actorUserId: g.owner.userId, personId: g.sam.person.userId },
      { actorUserId: g.admin.userId, personId: g.sam.person.userId },
    ]);
    const history = (await call(g.sam.person, 'GET', '/api/me/access-history')).json().events;
    expect(history.map((e: { action: string }) => e.action)).toContain('clinical.escalated_alert_opened');

    // A backup clinician who does not run the group is the target instead; the owner no longer is.
    const daniel = await addPerson(t.current, {
      email: 'daniel@harbour.test',
      role: 'clinician',
      practiceId: g.practiceId,
    });
    await call(g.owner, 'PUT', '/api/practice/safety', { backupClinicianId: daniel.userId, escalationMinutes: 30 });
    expect((await call(daniel, 'GET', '/api/alerts')).json().alerts).toHaveLength(1);
    expect((await call(g.owner, 'GET', '/api/alerts')).json().alerts).toEqual([]);
    const resolved = await call(daniel, 'POST', `${base}/alerts/${alert.id}/resolution`, {
      outcome: 'Called Sam; safe.',
    });
    expect(resolved.statusCode, resolved.body).toBe(204);
    expect(await intact(g.owner)).toBe(true);
  });

  it('lists in a member’s own access history every clinical read that showed their records', async () => {
    const g = await clinicalGroup();
    const base = `/api/groups/${g.groupId}`;
    await call(g.maya, 'GET', `${base}/outcomes`);
    await call(g.maya, 'GET', `${base}/outcomes.csv`);
    await call(g.maya, 'GET', `${base}/sessions/${g.sessionId}/attendance`);
    await call(g.maya, 'GET', `${base}/members/${g.leeMember}/screening`);
    const actions = async (who: SignedIn) =>
      (
        (await call(who, 'GET', '/api/me/access-history')).json().events as Array<{
          action: string;
          actor: { name: string };
        }>
      )
        .filter((e) => e.action.startsWith('clinical.'))
        .map((e) => `${e.action} by ${e.actor.name}`)
        .sort();
    expect(await actions(g.sam.person)).toEqual([
      'clinical.attendance_notes_viewed by Maya Okafor',
      'clinical.outcomes_exported by Maya Okafor',
      'clinical.outcomes_viewed by Maya Okafor',
    ]);
    const lee = await t.current.database.db
      .selectFrom('groupMembers')
      .select('userId')
      .where('id', '=', g.leeMember)
      .executeTakeFirstOrThrow();
    const leeHistory = await t.current.database.db
      .selectFrom('auditEventPeople')
      .select('eventId')
      .where('personId', '=', lee.userId!)
      .execute();
    expect(leeHistory).toHaveLength(1);
    // The names are part of each record's hash: the chain still verifies, and dropping one is seen.
    expect(await intact(g.owner)).toBe(true);
    await t.current.database.db.deleteFrom('auditEventPeople').where('personId', '=', lee.userId!).execute();
    expect(await intact(g.owner)).toBe(false);
  });
});
