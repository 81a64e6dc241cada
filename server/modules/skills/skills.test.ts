import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { expect, it } from 'vitest';
import { ARCHIVE_FILES } from '../../../domain/data-export.js';
import { SHIPPED_SKILL_CARDS } from '../../../domain/skills.js';
import { addPerson } from '../../testing/test-app.js';
import { createGroup, groupWithMembers, insertPastSession, type GroupFixture } from '../../testing/group-fixtures.js';
import { callerOf, describeEachEngine, useTestApp } from '../../testing/test-app.js';

type Member = GroupFixture['members'][number];

const CARD = 'hearth.i-statements';

describeEachEngine('skills practice', (engine) => {
  const t = useTestApp(engine);
  const call = callerOf(t);

  /** A group with Ana, Ben and Cy, and the I-statements card assigned to the whole group. */
  async function practising() {
    const f = await groupWithMembers(t.current, { members: ['Ana', 'Ben', 'Cy'] });
    const [ana, ben, cy] = f.members as [Member, Member, Member];
    const assigned = await call(f.maya, 'POST', `/api/groups/${f.groupId}/skills/assignments`, { cardId: CARD });
    expect(assigned.statusCode, assigned.body).toBe(201);
    return { f, ana, ben, cy };
  }

  async function log(who: Member, groupId: string, extra: object = {}) {
    return call(who.person, 'POST', '/api/my/skills/logs', {
      groupId,
      cardId: CARD,
      situation: 'Talked with my sister about the holidays.',
      rating: 7,
      learned: 'Starting with "I felt" kept it calm.',
      visibility: 'private',
      ...extra,
    });
  }

  it('lists Hearth’s six cards in the reader’s language, read-only; a practice adds, copies and edits its own', async () => {
    const { f, ana } = await practising();
    const cards = (await call(ana.person, 'GET', '/api/skills/cards')).json().cards as Array<{
      id: string;
      shipped: boolean;
    }>;
    expect(cards.filter((c) => c.shipped).map((c) => c.id)).toEqual(SHIPPED_SKILL_CARDS.map((c) => c.id));
    const spanish = await t.current.app.inject({
      method: 'GET',
      url: `/api/skills/cards/${CARD}`,
      headers: { cookie: ana.person.cookie },
    });
    expect(spanish.json().title).toBe('I-statements');
    await call(ana.person, 'PUT', '/api/me/preferences', { locale: 'es' });
    expect((await call(ana.person, 'GET', `/api/skills/cards/${CARD}`)).json().title).toBe(
      'Mensajes en primera persona',
    );

    const shipped = SHIPPED_SKILL_CARDS[2]!.text.en;
    const copy = await call(f.maya, 'POST', '/api/skills/cards', {
      ...shipped,
      title: 'Asking for what you need (our version)',
      language: 'en',
      basedOn: 'hearth.making-a-request',
    });
    expect(copy.statusCode, copy.body).toBe(201);
    expect(copy.json()).toMatchObject({ shipped: false, basedOn: 'hearth.making-a-request' });
    const edited = await call(f.maya, 'PUT', `/api/skills/cards/${copy.json().id}`, {
      ...shipped,
      language: 'en',
      steps: ['Say what you saw.', 'Ask.'],
    });
    expect(edited.json().steps).toEqual(['Say what you saw.', 'Ask.']);
    // Hearth's own stay as shipped.
    const refused = await call(f.maya, 'PUT', `/api/skills/cards/${CARD}`, { ...shipped, language: 'en' });
    expect(refused.statusCode).toBe(403);
    // A member of the practice reads the practice's card (the live room shows it); another practice does not.
    expect((await call(ana.person, 'GET', `/api/skills/cards/${copy.json().id}`)).statusCode).toBe(200);
    const stranger = await addPerson(t.current, { email: 'other@else.test', role: 'clinician', name: 'Other' });
    expect((await call(stranger, 'GET', `/api/skills/cards/${copy.json().id}`)).statusCode).toBe(404);
    // A copy names a card that exists.
    const bad = await call(f.maya, 'POST', '/api/skills/cards', { ...shipped, language: 'en', basedOn: 'hearth.nope' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('basedOn');
    const empty = await call(f.maya, 'POST', '/api/skills/cards', { ...shipped, language: 'en', steps: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].field).toBe('body.steps');
  });

  it('assigns to the group or one member, due by a session; members see only what reaches them', async () => {
    const { f, ana, ben } = await practising();
    const sessionId = await insertPastSession(t.current, f, new Date(Date.now() + 7 * 86_400_000));
    const own = await call(f.maya, 'POST', `/api/groups/${f.groupId}/skills/assignments`, {
      cardId: 'hearth.saying-no',
      memberId: ben.memberId,
      dueSessionId: sessionId,
      note: 'Try it at work.',
    });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json()).toMatchObject({ memberName: 'Ben', note: 'Try it at work.' });
    expect(own.json().dueAt).toBeTruthy();

    const anas = (await call(ana.person, 'GET', '/api/my/skills')).json();
    expect(anas.assignments.map((a: { card: { id: string } }) => a.card.id)).toEqual([CARD]);
    const bens = (await call(ben.person, 'GET', '/api/my/skills')).json();
    expect(bens.assignments.map((a: { card: { id: string } }) => a.card.id)).toEqual(['hearth.saying-no', CARD]);

    // Bad input names its field; nothing is made.
    const wrong = await call(f.maya, 'POST', `/api/groups/${f.groupId}/skills/assignments`, {
      cardId: 'hearth.unknown',
      memberId: 'nobody',
      dueSessionId: 'no-session',
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors.map((e: { field: string }) => e.field)).toEqual(['cardId', 'memberId', 'dueSessionId']);
    const count = await t.current.database.db.selectFrom('skillAssignments').select('id').execute();
    expect(count).toHaveLength(2);
    // A member does not assign.
    expect(
      (await call(ana.person, 'POST', `/api/groups/${f.groupId}/skills/assignments`, { cardId: CARD })).statusCode,
    ).toBe(403);
  });

  it('logs practice in a minute; private logs reach no one else; bad input is refused whole', async () => {
    const { f, ana, ben } = await practising();
    const saved = await log(ana, f.groupId);
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json()).toMatchObject({
      held: false,
      log: { rating: 7, visibility: 'private', cardTitle: 'I-statements' },
    });
    const logId = saved.json().log.id as string;

    // Encrypted at rest.
    const row = await t.current.database.db.selectFrom('practiceLogs').selectAll().executeTakeFirstOrThrow();
    expect(row.situation).not.toContain('sister');

    expect((await call(ana.person, 'GET', `/api/my/skills/logs/${logId}`)).json().situation).toContain('sister');
    // Another member's log by id: not there.
    expect((await call(ben.person, 'GET', `/api/my/skills/logs/${logId}`)).statusCode).toBe(404);
    expect((await call(ben.person, 'PATCH', `/api/my/skills/logs/${logId}`, { visibility: 'group' })).statusCode).toBe(
      404,
    );
    expect((await call(ben.person, 'POST', `/api/my/skills/logs/${logId}/feedback`, { worked: 'x' })).statusCode).toBe(
      404,
    );
    // Private: not in the group's shared list, not in the facilitator's view.
    expect((await call(ben.person, 'GET', `/api/my/groups/${f.groupId}/skills/shared`)).json().entries).toEqual([]);
    const staff = (await call(f.maya, 'GET', `/api/groups/${f.groupId}/skills`)).json();
    expect(staff.shared).toEqual([]);
    expect(staff.progress.weeks).toEqual([]);
    expect(JSON.stringify(staff)).not.toContain('sister');

    // A card not assigned, a rating of 11, a 50 KB entry: clear 4xx naming the field, nothing saved.
    const notAssigned = await log(ana, f.groupId, { cardId: 'hearth.saying-no' });
    expect(notAssigned.statusCode).toBe(422);
    expect(notAssigned.json().errors[0].field).toBe('cardId');
    const eleven = await log(ana, f.groupId, { rating: 11 });
    expect(eleven.statusCode).toBe(400);
    expect(eleven.json().errors[0].field).toBe('body.rating');
    const huge = await log(ana, f.groupId, { situation: 'x'.repeat(50 * 1024) });
    expect(huge.statusCode).toBe(400);
    expect(huge.json().errors[0].field).toBe('body.situation');
    // Not a member of that group.
    const other = await createGroup(t.current, f.maya, { name: 'Another group' });
    expect((await log(ana, other)).statusCode).toBe(404);
    expect(await t.current.database.db.selectFrom('practiceLogs').select('id').execute()).toHaveLength(1);
  });

  it('a shared entry reaches the group, gets kind feedback from peers, and sharing can be undone', async () => {
    const { f, ana, ben, cy } = await practising();
    const logId = (await log(ana, f.groupId, { visibility: 'group' })).json().log.id as string;

    const seen = (await call(ben.person, 'GET', `/api/my/groups/${f.groupId}/skills/shared`)).json();
    expect(seen.entries).toHaveLength(1);
    expect(seen.entries[0]).toMatchObject({ author: 'Ana', mine: false, rating: 7 });
    // Peers see the display name only, never the legal name.
    expect(JSON.stringify(seen)).not.toContain('Ana Legal');

    const given = await call(ben.person, 'POST', `/api/my/skills/logs/${logId}/feedback`, {
      worked: 'You named the feeling without blaming.',
      tryNext: 'Maybe ask what would help next time.',
    });
    expect(given.statusCode, given.body).toBe(201);
    expect(given.json()).toMatchObject({ from: 'Ben', mine: true, held: false });
    // Feedback needs one of its two parts; not on one's own entry.
    const blank = await call(cy.person, 'POST', `/api/my/skills/logs/${logId}/feedback`, { worked: '  ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().errors[0].field).toBe('body.worked');
    expect((await call(ana.person, 'POST', `/api/my/skills/logs/${logId}/feedback`, { worked: 'Me' })).statusCode).toBe(
      409,
    );

    const anaSees = (await call(ana.person, 'GET', `/api/my/groups/${f.groupId}/skills/shared`)).json();
    expect(anaSees.entries[0].feedback).toEqual([
      expect.objectContaining({ from: 'Ben', worked: 'You named the feeling without blaming.' }),
    ]);
    const staff = (await call(f.maya, 'GET', `/api/groups/${f.groupId}/skills`)).json();
    expect(staff.shared[0]).toMatchObject({ author: 'Ana', situation: expect.stringContaining('sister') });
    expect(staff.progress.members.find((m: { displayName: string }) => m.displayName === 'Ana')).toMatchObject({
      count: 1,
      entries: [expect.objectContaining({ rating: 7, cardTitle: 'I-statements' })],
    });

    // Undo: back to private; peers no longer see it and cannot give feedback.
    const undone = await call(ana.person, 'PATCH', `/api/my/skills/logs/${logId}`, { visibility: 'private' });
    expect(undone.json().log.visibility).toBe('private');
    expect((await call(ben.person, 'GET', `/api/my/groups/${f.groupId}/skills/shared`)).json().entries).toEqual([]);
    expect((await call(cy.person, 'POST', `/api/my/skills/logs/${logId}/feedback`, { worked: 'Hi' })).statusCode).toBe(
      404,
    );
    const audit = await t.current.database.db.selectFrom('auditEvents').select('action').execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'skills.practice_logged',
        'skills.feedback_given',
        'skills.practice_changed',
        'clinical.practice_viewed',
      ]),
    );
  });

  it('facilitators see practice over time per member and for the group, from what members shared with them', async () => {
    const { f, ana, ben } = await practising();
    await log(ana, f.groupId, { visibility: 'facilitators', rating: 4 });
    await log(ana, f.groupId, { visibility: 'group', rating: 8 });
    await log(ben, f.groupId, { visibility: 'private', rating: 1 });
    const db = t.current.database.db;
    // Ana's first entry was a week earlier.
    const first = await db.selectFrom('practiceLogs').select('id').where('rating', '=', 4).executeTakeFirstOrThrow();
    await db
      .updateTable('practiceLogs')
      .set({ createdAt: new Date(Date.now() - 7 * 86_400_000).toISOString() })
      .where('id', '=', first.id)
      .execute();
    const staff = (await call(f.maya, 'GET', `/api/groups/${f.groupId}/skills`)).json();
    expect(staff.progress.weeks.map((w: { mean: number }) => w.mean)).toEqual([4, 8]);
    expect(staff.progress.bySkill).toEqual([{ cardId: CARD, title: 'I-statements', count: 2, mean: 6 }]);
    const ben_ = staff.progress.members.find((m: { displayName: string }) => m.displayName === 'Ben');
    expect(ben_.count).toBe(0);
    // The owner sees the group's totals, never a member's entries (decision 0019).
    const owner = (await call(f.owner, 'GET', `/api/groups/${f.groupId}/skills`)).json();
    expect(owner).toMatchObject({ clinical: false, shared: [], progress: { members: [] } });
    expect(owner.progress.weeks).toHaveLength(2);
  });

  it('a member whose place ended keeps their own log but practises and sees the group no more', async () => {
    const { f, ana } = await practising();
    const logId = (await log(ana, f.groupId, { visibility: 'group' })).json().log.id as string;
    await call(f.maya, 'POST', `/api/groups/${f.groupId}/members/${ana.memberId}/status`, {
      status: 'removed',
      reason: 'Moved away',
    });
    expect((await call(ana.person, 'GET', `/api/my/skills/logs/${logId}`)).statusCode).toBe(200);
    expect((await log(ana, f.groupId)).statusCode).toBe(409);
    expect((await call(ana.person, 'GET', `/api/my/groups/${f.groupId}/skills/shared`)).statusCode).toBe(409);
    // Stopping sharing is always possible.
    expect(
      (await call(ana.person, 'PATCH', `/api/my/skills/logs/${logId}`, { visibility: 'private' })).statusCode,
    ).toBe(200);
    expect((await call(ana.person, 'PATCH', `/api/my/skills/logs/${logId}`, { visibility: 'group' })).statusCode).toBe(
      409,
    );
    const mine = (await call(ana.person, 'GET', '/api/my/skills')).json();
    expect(mine.assignments).toEqual([]);
    expect(mine.groups).toEqual([expect.objectContaining({ id: f.groupId, open: false })]);
  });
  it('erasing a member takes their practice out of the group’s view and removes the feedback they gave', async () => {
    const { f, ana, ben } = await practising();
    const anas = (await log(ana, f.groupId, { visibility: 'group' })).json().log.id as string;
    const bens = (await log(ben, f.groupId, { visibility: 'group' })).json().log.id as string;
    await call(ana.person, 'POST', `/api/my/skills/logs/${bens}/feedback`, { worked: 'Calm and clear.' });
    const asked = await call(ana.person, 'POST', '/api/my/erasure-request', {});
    expect(asked.statusCode, asked.body).toBe(201);
    const approved = await call(f.owner, 'POST', `/api/erasure-requests/${asked.json().request.id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);

    const seen = (await call(ben.person, 'GET', `/api/my/groups/${f.groupId}/skills/shared`)).json();
    expect(seen.entries.map((e: { id: string }) => e.id)).toEqual([bens]);
    expect(seen.entries[0].feedback).toEqual([]);
    // Kept for the facilitators, as clinical records are.
    const staff = (await call(f.maya, 'GET', `/api/groups/${f.groupId}/skills`)).json();
    expect(staff.shared.find((e: { id: string }) => e.id === anas)).toMatchObject({ visibility: 'facilitators' });
  });
  it('words that match crisis screening are held with the facilitators, never shown to the group', async () => {
    const { f, ana, ben, cy } = await practising();
    const held = await log(ana, f.groupId, { visibility: 'group', learned: 'Some days I want to die.' });
    expect(held.statusCode, held.body).toBe(201);
    expect(held.json()).toMatchObject({ held: true, log: { visibility: 'facilitators' } });
    expect((await call(ben.person, 'GET', `/api/my/groups/${f.groupId}/skills/shared`)).json().entries).toEqual([]);
    // Sharing it again later is screened the same way.
    const again = await call(ana.person, 'PATCH', `/api/my/skills/logs/${held.json().log.id}`, { visibility: 'group' });
    expect(again.json()).toMatchObject({ held: true, log: { visibility: 'facilitators' } });

    const bens = (await log(ben, f.groupId, { visibility: 'group' })).json().log.id as string;
    const feedback = await call(cy.person, 'POST', `/api/my/skills/logs/${bens}/feedback`, {
      worked: 'Honestly I feel like killing myself lately.',
    });
    expect(feedback.json()).toMatchObject({ held: true });
    const benSees = (await call(ben.person, 'GET', `/api/my/groups/${f.groupId}/skills/shared`)).json();
    expect(benSees.entries[0].feedback).toEqual([]);
    const cySees = (await call(cy.person, 'GET', `/api/my/groups/${f.groupId}/skills/shared`)).json();
    expect(cySees.entries[0].feedback).toEqual([expect.objectContaining({ mine: true, held: true })]);
    const staff = (await call(f.maya, 'GET', `/api/groups/${f.groupId}/skills`)).json();
    expect(staff.shared.find((e: { id: string }) => e.id === bens).feedback).toEqual([
      expect.objectContaining({ from: 'Cy', held: true }),
    ]);
    // Everyday words pass.
    const fine = await log(cy, f.groupId, { visibility: 'group', learned: 'I was dying to tell her, but I waited.' });
    expect(fine.json()).toMatchObject({ held: false, log: { visibility: 'group' } });
    // The facilitators are alerted, urgently, once per held item and about the member who wrote it.
    const alerts = (await call(f.maya, 'GET', `/api/groups/${f.groupId}/alerts`)).json().alerts as Array<{
      kind: string;
      urgency: string;
      member: { displayName: string };
    }>;
    const crisis = alerts.filter((a) => a.kind === 'skills.crisis-language');
    expect(crisis.map((a) => `${a.urgency} ${a.member.displayName}`).sort()).toEqual(['urgent Ana', 'urgent Cy']);
    await t.current.app.jobs.runDue();
    const folder = path.join(t.current.dataDir, 'outbox');
    const subjects = fs
      .readdirSync(folder)
      .map((name) => (JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8')) as { subject: string }).subject);
    expect(subjects.filter((subject) => subject.startsWith('Words shared in'))).toHaveLength(2);
  });
  it('a member’s copy of their data holds their own practice log, and nobody else’s', async () => {
    const { f, ana, ben } = await practiseSpanish();
    await log(ana, f.groupId, { visibility: 'facilitators' });
    await log(ben, f.groupId, { situation: 'Ben’s own situation.', visibility: 'group' });
    const asked = await call(ana.person, 'POST', '/api/me/data-exports');
    expect(asked.statusCode, asked.body).toBe(201);
    await t.current.app.jobs.runDue();
    const got = await call(ana.person, 'GET', `/api/me/data-exports/${asked.json().id}/archive`);
    expect(got.statusCode).toBe(200);
    const files = unzipSync(new Uint8Array(got.rawPayload));
    const data = JSON.parse(strFromU8(files[ARCHIVE_FILES.data]!));
    expect(data.groups[0].skillsPractice).toEqual([
      expect.objectContaining({
        skill: 'Mensajes en primera persona',
        situation: 'Talked with my sister about the holidays.',
        rating: 7,
        seenBy: 'facilitators',
      }),
    ]);
    const summary = strFromU8(files[ARCHIVE_FILES.summary]!);
    expect(summary).toContain('Tu práctica de habilidades');
    expect(summary).toContain('Tú y tus facilitadores');
    expect(
      Object.values(files)
        .map((file) => strFromU8(file))
        .join('\n'),
    ).not.toContain('Ben’s own situation');
  });

  /** `practising`, with Ana reading Spanish. */
  async function practiseSpanish() {
    const p = await practising();
    await call(p.ana.person, 'PUT', '/api/me/preferences', { locale: 'es' });
    return p;
  }
});
