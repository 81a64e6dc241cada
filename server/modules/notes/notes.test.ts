import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { strFromU8, unzipSync } from 'fflate';
import { expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RoomCommand } from '../../../domain/room-protocol.js';
import { ARCHIVE_FILES } from '../../../domain/data-export.js';
import { auditEventsOf } from '../../testing/audit-events.js';
import {
  backdateMembership,
  groupWithMembers,
  insertPastSession,
  referAndJoin,
  type GroupFixture,
} from '../../testing/group-fixtures.js';
import {
  addPerson,
  callerOf,
  describeEachEngine,
  useTestApp,
  type SignedIn,
  type TestApp,
} from '../../testing/test-app.js';
import { progressNoteHash } from './notes.service.js';

const NAMES = ['Ana', 'Ben', 'Cleo', 'Dev', 'Eli', 'Fay', 'Gus', 'Hana', 'Ivo', 'Jo', 'Kai', 'Lia', 'Mo', 'Nia'];
const DAY = 86_400_000;

const groupPart = {
  themes: 'Boundaries at work; saying no without guilt.',
  interventions: ['psychoeducation', 'role-play'],
  interventionsOther: 'Breathing exercise at the start',
  groupProcess: 'Members linked their stories; the group warmed after the role-play.',
  factors: ['universality', 'interpersonal-learning'],
  risk: 'No risk discussed.',
};
const ownPart = (text: string) => ({
  sections: {
    data: `${text} said they practised saying no.`,
    assessment: 'Engaged, hopeful.',
    plan: 'Practise once this week.',
  },
  participation: 'Active in the role-play.',
  goalProgress: 'One boundary held at work this week.',
  risk: 'None observed.',
});

describeEachEngine('session notes and clinical records', (engine) => {
  const t = useTestApp(engine);
  const call = callerOf(t);

  /** Dates a membership's steps to `at`, the joining a minute later, so its order never rests on the database. */
  async function joinedAt(memberId: string, at: Date) {
    await backdateMembership(t.current, memberId, at);
    await t.current.database.db
      .updateTable('groupMemberEvents')
      .set({ at: new Date(at.getTime() + 60_000).toISOString() })
      .where('groupMemberId', '=', memberId)
      .where('toStatus', '=', 'active')
      .execute();
  }

  /** A group whose members all joined a month ago, one session last week, attendance as given. */
  async function sessionWith(names: string[], absent: string[] = [], late: string[] = []) {
    const fixture = await groupWithMembers(t.current);
    if (names.length > 10) {
      const roomier = await call(fixture.maya, 'PATCH', `/api/groups/${fixture.groupId}`, { capacity: names.length });
      expect(roomier.statusCode, roomier.body).toBe(200);
    }
    for (const name of names) {
      const email = `${name.toLowerCase()}@people.test`;
      const person = await addPerson(t.current, {
        email,
        role: 'member',
        practiceId: fixture.practiceId,
        name: `${name} Legal`,
      });
      fixture.members.push({
        person,
        memberId: await referAndJoin(t.current, fixture.maya, fixture.groupId, person, name, email),
        email,
      });
    }
    for (const m of fixture.members) await joinedAt(m.memberId, new Date(Date.now() - 30 * DAY));
    const sessionId = await insertPastSession(t.current, fixture, new Date(Date.now() - 7 * DAY));
    const marks = fixture.members.map((m, i) => ({
      memberId: m.memberId,
      status: absent.includes(names[i]!) ? 'absent-excused' : late.includes(names[i]!) ? 'late' : 'present',
    }));
    const marked = await call(fixture.maya, 'PUT', `/api/groups/${fixture.groupId}/sessions/${sessionId}/attendance`, {
      marks,
    });
    expect(marked.statusCode, marked.body).toBe(204);
    return { fixture, sessionId, url: `/api/groups/${fixture.groupId}/sessions/${sessionId}/notes` };
  }

  async function started(who: SignedIn, url: string) {
    const response = await call(who, 'POST', url);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as {
      groupNote: { id: string; status: string };
      notes: Array<{
        id: string;
        memberId: string;
        name: string;
        attendance: string;
        status: string;
        content: unknown;
      }>;
      absent: Array<{ memberId: string }>;
      prefill: { attendance: unknown[] };
    };
  }

  /** A facilitator's socket in a session's room, sending commands one by one and waiting for each ack. */
  async function facilitating(who: SignedIn, roomId: string) {
    await t.current.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.current.app.server.address() as AddressInfo).port;
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api/realtime`, { headers: { cookie: who.cookie } });
    const heard: Array<{ type: string; data?: { id?: string } }> = [];
    socket.on('message', (data) => heard.push(JSON.parse(String(data)) as (typeof heard)[number]));
    await new Promise((resolve, reject) => {
      socket.once('message', resolve); // 'ready'
      socket.on('error', reject);
    });
    socket.send(JSON.stringify({ type: 'room.join', data: { roomId, lastSeq: 0 } }));
    const answer = async (test: (m: (typeof heard)[number]) => boolean) => {
      for (let waited = 0; waited < 10_000; waited += 50) {
        const found = heard.find(test);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no answer; heard ${JSON.stringify(heard.map((m) => m.type))}`);
    };
    await answer((m) => m.type === 'room.snapshot');
    return {
      async command(command: RoomCommand) {
        await new Promise((r) => setTimeout(r, 60)); // within the socket's 20 messages a second
        const id = crypto.randomUUID();
        socket.send(JSON.stringify({ type: 'room.command', data: { roomId, id, command } }));
        const reply = await answer((m) => (m.type === 'room.ack' || m.type === 'room.error') && m.data?.id === id);
        expect(reply.type, JSON.stringify(reply)).toBe('room.ack');
      },
      close: () => socket.close(),
    };
  }

  async function writeAll(fixture: GroupFixture, url: string, notes: Array<{ memberId: string; name: string }>) {
    expect((await call(fixture.maya, 'PUT', `${url}/group`, { content: groupPart })).statusCode).toBe(200);
    for (const note of notes) {
      const saved = await call(fixture.maya, 'PUT', `${url}/members/${note.memberId}`, { content: ownPart(note.name) });
      expect(saved.statusCode, saved.body).toBe(200);
    }
  }

  const audits = (tc: TestApp, action: string) => auditEventsOf(tc.database, action);

  it('fans a session out to one progress note per attending member: 12 attending, 2 absent → 12 notes', async () => {
    const { fixture, url } = await sessionWith(NAMES, ['Mo', 'Nia'], ['Ana']);
    const notes = await started(fixture.maya, url);
    expect(notes.notes).toHaveLength(12);
    expect(notes.absent).toHaveLength(2);
    expect(notes.notes.find((n) => n.name === 'Ana Legal')?.attendance).toBe('late');
    expect(notes.prefill.attendance).toHaveLength(14);
    // Starting again makes nothing twice.
    expect((await started(fixture.maya, url)).notes).toHaveLength(12);
    expect(await t.current.database.db.selectFrom('progressNotes').select('id').execute()).toHaveLength(12);
  });

  it('pre-fills the group note from the session’s room: check-ins, facilitators-only too, and share of voice', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam', 'Ana'] });
    for (const m of fixture.members) await joinedAt(m.memberId, new Date(Date.now() - 30 * DAY));
    const sessionId = await insertPastSession(t.current, fixture, new Date(Date.now() - 5 * 60_000));
    const opened = await call(fixture.maya, 'POST', `/api/groups/${fixture.groupId}/sessions/${sessionId}/room`);
    expect(opened.statusCode, opened.body).toBe(200);
    const [sam, ana] = fixture.members.map((m) => m.memberId);
    const room = await facilitating(fixture.maya, opened.json().roomId);
    try {
      await room.command({ type: 'admit', personIds: [sam!, ana!] });
      await room.command({ type: 'checkIn.enter', personId: sam!, mood: 3, word: 'tired', share: 'facilitators' });
      await room.command({
        type: 'checkIn.enter',
        personId: ana!,
        mood: 7,
        word: 'hopeful',
        part: 'the part that wants to try',
        share: 'group',
      });
      await room.command({ type: 'voice.tap', personId: ana! });
      await new Promise((r) => setTimeout(r, 1100));
      await room.command({ type: 'voice.tap', personId: null });
      await room.command({ type: 'room.end' });
    } finally {
      room.close();
    }
    const url = `/api/groups/${fixture.groupId}/sessions/${sessionId}/notes`;
    const notes = (await started(fixture.maya, url)) as unknown as {
      prefill: {
        room: {
          checkIns: Array<{ memberId: string; word: string; part: string | null; share: string; mood: number }>;
          checkOuts: unknown[];
          voice: Array<{ memberId: string; name: string; seconds: number; turns: number; quiet: boolean }>;
        } | null;
      };
    };
    const filled = notes.prefill.room!;
    expect(filled.checkIns).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ memberId: sam, word: 'tired', part: null, share: 'facilitators', mood: 3 }),
        expect.objectContaining({ memberId: ana, word: 'hopeful', part: 'the part that wants to try', share: 'group' }),
      ]),
    );
    expect(filled.checkIns).toHaveLength(2);
    expect(filled.checkOuts).toEqual([]);
    const voice = Object.fromEntries(filled.voice.map((v) => [v.memberId, v]));
    expect(voice[ana!]).toMatchObject({ name: 'Ana', turns: 1, quiet: false });
    expect(voice[ana!]!.seconds).toBeGreaterThanOrEqual(1);
    expect(voice[sam!]).toMatchObject({ name: 'Sam', seconds: 0, turns: 0, quiet: true });
    // The same pre-fill is kept with the group note and read back.
    const read = await call(fixture.maya, 'GET', url);
    expect(read.json().prefill.room.checkIns).toHaveLength(2);
  });

  it('pre-fills no room for a session that had none, without error', async () => {
    const { fixture, url } = await sessionWith(['Ana']);
    const notes = (await started(fixture.maya, url)) as unknown as { prefill: { room: unknown } };
    expect(notes.prefill.room).toBeNull();
    expect((await call(fixture.maya, 'GET', url)).json().prefill.room).toBeNull();
  });

  it('signs all of a session in one action; a signed note is locked and changes only by a signed addendum', async () => {
    const { fixture, url } = await sessionWith(['Ana', 'Ben', 'Cleo']);
    const { notes } = await started(fixture.maya, url);
    await writeAll(fixture, url, notes);
    const signed = await call(fixture.maya, 'POST', `${url}/sign`);
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toEqual({ signed: 3, awaitingCosignature: 0 });

    const read = await call(fixture.maya, 'GET', url);
    const body = read.json();
    expect(body.groupNote.status).toBe('signed');
    expect(body.groupNote.signed).toMatchObject({ name: 'Maya Okafor' });
    const first = body.notes[0];
    expect(first.status).toBe('signed');
    expect(first.groupPart.themes).toBe(groupPart.themes);
    expect(first.signed.hash).toMatch(/^[0-9a-f]{64}$/);
    // The hash is of what was signed: recomputed from the note as read back, it matches; one word changed, it does not.
    const stored = await t.current.database.db
      .selectFrom('progressNotes')
      .select(['signedBy', 'signedAt', 'sessionId', 'groupMemberId'])
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    const signedFields = {
      id: first.id,
      sessionId: stored.sessionId,
      groupMemberId: stored.groupMemberId,
      attendance: first.attendance,
      template: first.template,
      groupPart: first.groupPart,
      content: first.content,
      signedBy: stored.signedBy!,
      signedName: first.signed.name,
      signedCredential: first.signed.credential,
      signedAt: first.signed.at,
    };
    expect(progressNoteHash(signedFields)).toBe(first.signed.hash);
    expect(progressNoteHash({ ...signedFields, content: { ...first.content, participation: 'Quiet.' } })).not.toBe(
      first.signed.hash,
    );

    // Changing a signed note: 409, and the content is what was signed.
    const change = await call(fixture.maya, 'PUT', `${url}/members/${first.memberId}`, { content: ownPart('Changed') });
    expect(change.statusCode).toBe(409);
    expect(change.json().detail).toMatch(/signed and locked/);
    const changeGroup = await call(fixture.maya, 'PUT', `${url}/group`, { content: { ...groupPart, themes: 'x' } });
    expect(changeGroup.statusCode).toBe(409);
    const again = (await call(fixture.maya, 'GET', url)).json();
    expect(again.notes[0].content).toEqual(first.content);
    expect(again.groupNote.content.themes).toBe(groupPart.themes);

    // Signing again has nothing left to sign.
    expect((await call(fixture.maya, 'POST', `${url}/sign`)).statusCode).toBe(409);

    // An addendum is signed and kept beside the note.
    const addendum = await call(fixture.maya, 'POST', `/api/notes/${first.id}/addenda`, {
      text: 'Called after session: all well.',
    });
    expect(addendum.statusCode, addendum.body).toBe(200);
    expect(addendum.json().addenda).toHaveLength(1);
    expect(addendum.json().addenda[0].signed).toMatchObject({ name: 'Maya Okafor' });
    expect(addendum.json().content).toEqual(first.content);
    expect(await audits(t.current, 'notes.addendum')).toHaveLength(1);
    expect(await audits(t.current, 'notes.signed')).toHaveLength(1);

    // An empty addendum names its field.
    const empty = await call(fixture.maya, 'POST', `/api/notes/${first.id}/addenda`, { text: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].field).toBe('body.text');
  });

  it('refuses to sign with an empty group note or an unwritten member part, signing nothing', async () => {
    const { fixture, url } = await sessionWith(['Ana', 'Ben']);
    const { notes } = await started(fixture.maya, url);
    const noThemes = await call(fixture.maya, 'POST', `${url}/sign`);
    expect(noThemes.statusCode).toBe(409);
    expect((await call(fixture.maya, 'PUT', `${url}/group`, { content: groupPart })).statusCode).toBe(200);
    await call(fixture.maya, 'PUT', `${url}/members/${notes[0]!.memberId}`, { content: ownPart('Ana') });
    const blank = await call(fixture.maya, 'POST', `${url}/sign`);
    expect(blank.statusCode).toBe(409);
    expect(blank.json().detail).toContain('Ben');
    const rows = await t.current.database.db.selectFrom('progressNotes').select('status').execute();
    expect(rows.every((r) => r.status === 'draft')).toBe(true);
    const group = await t.current.database.db.selectFrom('groupNotes').select('status').executeTakeFirstOrThrow();
    expect(group.status).toBe('draft');
  });

  it("refuses someone else's draft: a co-facilitator neither writes nor signs it", async () => {
    const { fixture, url } = await sessionWith(['Ana']);
    const sam = await addPerson(t.current, {
      email: 'sam@harbour.test',
      role: 'clinician',
      practiceId: fixture.practiceId,
      name: 'Sam Reyes',
    });
    const changed = await call(fixture.maya, 'PATCH', `/api/groups/${fixture.groupId}`, {
      facilitatorIds: [fixture.maya.userId, sam.userId],
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const { notes } = await started(fixture.maya, url);
    await writeAll(fixture, url, notes);
    const write = await call(sam, 'PUT', `${url}/members/${notes[0]!.memberId}`, { content: ownPart('Sam') });
    expect(write.statusCode).toBe(403);
    expect(write.json().detail).toContain('Maya Okafor');
    const sign = await call(sam, 'POST', `${url}/sign`);
    expect(sign.statusCode).toBe(403);
    expect(sign.json().detail).toContain('Maya Okafor');
    const rows = await t.current.database.db.selectFrom('progressNotes').select('status').execute();
    expect(rows.map((r) => r.status)).toEqual(['draft']);
  });

  it("rejects a section that is not the template's, naming it", async () => {
    const { fixture, url } = await sessionWith(['Ana']);
    const { notes } = await started(fixture.maya, url);
    const wrong = await call(fixture.maya, 'PUT', `${url}/members/${notes[0]!.memberId}`, {
      content: { ...ownPart('Ana'), sections: { subjective: 'SOAP words in a DAP note' } },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].field).toBe('body.content.sections.subjective');
    const unknown = await call(fixture.maya, 'PUT', `${url}/group`, {
      content: { ...groupPart, interventions: ['hypnosis'] },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('body.content.interventions.0');
  });

  it("uses the practice's template for new notes", async () => {
    const { fixture, url } = await sessionWith(['Ana']);
    const set = await call(fixture.owner, 'PUT', '/api/notes/settings', { template: 'BIRP', signWithinDays: 5 });
    expect(set.statusCode, set.body).toBe(200);
    const { notes } = await started(fixture.maya, url);
    expect(notes[0]).toMatchObject({ template: 'BIRP' });
    expect(Object.keys((notes[0]!.content as { sections: object }).sections)).toEqual([
      'behavior',
      'intervention',
      'response',
      'plan',
    ]);
    const bad = await call(fixture.owner, 'PUT', '/api/notes/settings', { template: 'XYZ', signWithinDays: 5 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.template');
  });

  it('gives a late joiner of a rolling group notes from the session they first attended, not before', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Ana'] });
    await joinedAt(fixture.members[0]!.memberId, new Date(Date.now() - 30 * DAY));
    const before = await insertPastSession(t.current, fixture, new Date(Date.now() - 14 * DAY));
    const person = await addPerson(t.current, {
      email: 'ravi@people.test',
      role: 'member',
      practiceId: fixture.practiceId,
      name: 'Ravi Legal',
    });
    const raviId = await referAndJoin(t.current, fixture.maya, fixture.groupId, person, 'Ravi', 'ravi@people.test');
    await joinedAt(raviId, new Date(Date.now() - 10 * DAY));
    const after = await insertPastSession(t.current, fixture, new Date(Date.now() - 7 * DAY));
    const sheet = `/api/groups/${fixture.groupId}/sessions`;
    const earlier = await call(fixture.maya, 'PUT', `${sheet}/${before}/attendance`, {
      marks: [{ memberId: raviId, status: 'present' }],
    });
    expect(earlier.statusCode).toBe(400);
    await call(fixture.maya, 'PUT', `${sheet}/${before}/attendance`, {
      marks: [{ memberId: fixture.members[0]!.memberId, status: 'present' }],
    });
    await call(fixture.maya, 'PUT', `${sheet}/${after}/attendance`, {
      marks: [
        { memberId: fixture.members[0]!.memberId, status: 'left-early' },
        { memberId: raviId, status: 'present' },
      ],
    });
    const first = await started(fixture.maya, `${sheet}/${before}/notes`);
    expect(first.notes.map((n) => n.memberId)).toEqual([fixture.members[0]!.memberId]);
    const second = await started(fixture.maya, `${sheet}/${after}/notes`);
    expect(second.notes.map((n) => n.attendance).sort()).toEqual(['left-early', 'present']);
    // Marked absent after all: their draft goes, since absent members get no note.
    await call(fixture.maya, 'PUT', `${sheet}/${after}/attendance`, {
      marks: [{ memberId: raviId, status: 'absent-unexcused' }],
    });
    expect((await started(fixture.maya, `${sheet}/${after}/notes`)).notes).toHaveLength(1);
  });

  it('sends a supervisee’s notes to their supervisor, who co-signs once; nobody co-signs their own', async () => {
    const { fixture, url } = await sessionWith(['Ana', 'Ben']);
    const sue = await addPerson(t.current, {
      email: 'sue@harbour.test',
      role: 'supervisor',
      practiceId: fixture.practiceId,
      name: 'Sue Park',
    });
    const signer = await call(fixture.owner, 'PUT', `/api/notes/signers/${fixture.maya.userId}`, {
      credential: 'LCSW',
      supervisorId: sue.userId,
    });
    expect(signer.statusCode, signer.body).toBe(200);
    const self = await call(fixture.owner, 'PUT', `/api/notes/signers/${sue.userId}`, {
      credential: 'PhD',
      supervisorId: sue.userId,
    });
    expect(self.statusCode).toBe(400);
    expect(self.json().errors[0].field).toBe('body.supervisorId');
    const { notes } = await started(fixture.maya, url);
    await writeAll(fixture, url, notes);
    expect((await call(fixture.maya, 'POST', `${url}/sign`)).json()).toEqual({ signed: 2, awaitingCosignature: 2 });

    const queue = (await call(sue, 'GET', '/api/notes/to-do')).json();
    expect(queue.cosign).toHaveLength(2);
    // The queue names the members: the read is audited, naming each of them.
    const read = await t.current.database.db
      .selectFrom('auditEvents')
      .select(['id', 'detail'])
      .where('action', '=', 'notes.viewed')
      .where('actorUserId', '=', sue.userId)
      .execute();
    expect(read.map((r) => JSON.parse(r.detail))).toEqual([{ cosignQueue: 2 }]);
    const named = await t.current.database.db
      .selectFrom('auditEventPeople')
      .select('personId')
      .where('eventId', '=', read[0]!.id)
      .execute();
    expect(named).toHaveLength(2);
    const noteId = queue.cosign[0].noteId as string;
    const own = await call(fixture.maya, 'POST', `/api/notes/${noteId}/cosign`);
    expect(own.statusCode).toBe(403);
    expect(own.json().detail).toMatch(/cannot co-sign/);
    const cosigned = await call(sue, 'POST', `/api/notes/${noteId}/cosign`);
    expect(cosigned.statusCode, cosigned.body).toBe(200);
    expect(cosigned.json().cosigned).toMatchObject({ name: 'Sue Park' });
    expect(cosigned.json().signed).toMatchObject({ credential: 'LCSW' });
    expect((await call(sue, 'POST', `/api/notes/${noteId}/cosign`)).statusCode).toBe(409);
    expect((await call(sue, 'GET', '/api/notes/to-do')).json().cosign).toHaveLength(1);
    expect(await audits(t.current, 'notes.cosigned')).toHaveLength(1);
  });

  it('audits every read, and keeps notes from admins who facilitate nothing', async () => {
    const { fixture, url } = await sessionWith(['Ana']);
    // Before the notes are started the page still shows the pre-fill (attendance, measures, alerts): audited.
    const unstarted = await call(fixture.maya, 'GET', url);
    expect(unstarted.statusCode).toBe(200);
    expect(unstarted.json().groupNote).toBeNull();
    expect(await audits(t.current, 'notes.viewed')).toHaveLength(1);
    const { notes } = await started(fixture.maya, url);
    const viewsBefore = (await audits(t.current, 'notes.viewed')).length;
    await call(fixture.maya, 'GET', url);
    await call(fixture.maya, 'GET', `/api/notes/${notes[0]!.id}`);
    expect((await audits(t.current, 'notes.viewed')).length).toBe(viewsBefore + 2);
    const people = await t.current.database.db
      .selectFrom('auditEventPeople')
      .innerJoin('auditEvents', 'auditEvents.id', 'auditEventPeople.eventId')
      .select('auditEventPeople.personId')
      .where('auditEvents.action', '=', 'notes.viewed')
      .execute();
    expect(people.map((p) => p.personId)).toContain(fixture.members[0]!.person.userId);
    expect((await call(fixture.owner, 'GET', url)).statusCode).toBe(403);
    expect((await call(fixture.owner, 'GET', `/api/notes/${notes[0]!.id}`)).statusCode).toBe(403);
    expect((await call(fixture.members[0]!.person, 'GET', url)).statusCode).toBe(403);
    // Stored sealed: the words are not in the row.
    const row = await t.current.database.db.selectFrom('groupNotes').select('content').executeTakeFirstOrThrow();
    expect(row.content).not.toContain('themes');
  });

  it('lists unsigned sessions with their age, and overdue ones for admins without content', async () => {
    const { fixture, url } = await sessionWith(['Ana']);
    const todo = (await call(fixture.maya, 'GET', '/api/notes/to-do')).json();
    expect(todo.unsigned).toHaveLength(1);
    expect(todo.unsigned[0]).toMatchObject({ days: 6, overdue: true, started: false });
    const admin = (await call(fixture.owner, 'GET', '/api/notes/to-do')).json();
    expect(admin.overdue).toHaveLength(1);
    expect(admin.overdue[0].facilitators).toEqual(['Maya Okafor']);
    expect(admin.unsigned).toHaveLength(0);
    const { notes } = await started(fixture.maya, url);
    await writeAll(fixture, url, notes);
    await call(fixture.maya, 'POST', `${url}/sign`);
    expect((await call(fixture.maya, 'GET', '/api/notes/to-do')).json().unsigned).toHaveLength(0);
  });

  it('shows a member only the notes released to them, and puts them in their data export', async () => {
    const { fixture, url } = await sessionWith(['Ana', 'Ben']);
    const { notes } = await started(fixture.maya, url);
    await writeAll(fixture, url, notes);
    await call(fixture.maya, 'POST', `${url}/sign`);
    const ana = fixture.members[0]!.person;
    expect((await call(ana, 'GET', '/api/my/notes')).json().notes).toHaveLength(0);
    const anaNote = notes.find((n) => n.memberId === fixture.members[0]!.memberId)!;
    const released = await call(fixture.maya, 'POST', `/api/notes/${anaNote.id}/release`);
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json().releasedAt).not.toBeNull();
    const viewsBefore = (await audits(t.current, 'notes.viewed')).length;
    const mine = (await call(ana, 'GET', '/api/my/notes')).json().notes;
    expect(mine).toHaveLength(1);
    // The member's own read of their released note is audited too.
    expect((await audits(t.current, 'notes.viewed')).length).toBe(viewsBefore + 1);
    expect(mine[0].groupPart.themes).toBe(groupPart.themes);
    expect((await call(fixture.members[1]!.person, 'GET', '/api/my/notes')).json().notes).toHaveLength(0);
    expect(await audits(t.current, 'notes.released')).toHaveLength(1);

    // Their copy of their data carries the released note, and nobody else's.
    const asked = await call(ana, 'POST', '/api/me/data-exports');
    expect(asked.statusCode, asked.body).toBe(201);
    await t.current.app.jobs.runDue();
    const zip = await call(ana, 'GET', `/api/me/data-exports/${asked.json().id}/archive`);
    expect(zip.statusCode).toBe(200);
    const files = unzipSync(new Uint8Array(zip.rawPayload));
    const data = JSON.parse(strFromU8(files[ARCHIVE_FILES.data]!));
    expect(data.notes).toHaveLength(1);
    expect(data.notes[0].content.sections.data).toContain('Ana');
    expect(strFromU8(files[ARCHIVE_FILES.summary]!)).toContain('Maya Okafor');
  });

  it('keeps a clinical record for the group’s clinicians: checked codes, audited reads, nothing for admins', async () => {
    const { fixture } = await sessionWith(['Ana']);
    const ana = fixture.members[0]!.person;
    const url = `/api/people/${ana.userId}/clinical-record`;
    const record = {
      legalName: 'Ana María Legal',
      dateOfBirth: '1990-04-21',
      pronouns: 'she/her',
      address: '3 Quay Lane, Harbour Town',
      diagnosisCodes: ['f41.1', 'F43.10'],
      payer: { kind: 'insurance', name: 'Harbour Mutual', memberNumber: 'HM-22' },
      goals: [{ words: 'Say no to extra shifts', measure: 'Turns down one extra shift a month' }],
    };
    const empty = await call(fixture.maya, 'GET', url);
    expect(empty.statusCode).toBe(200);
    expect(empty.json().record).toBeNull();
    const bad = await call(fixture.maya, 'PUT', url, { ...record, diagnosisCodes: ['F41.1', 'anxiety'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.diagnosisCodes.1');
    expect(bad.json().errors[0].message).toMatch(/ICD-10-CM/);
    expect(await t.current.database.db.selectFrom('clinicalRecords').select('id').execute()).toHaveLength(0);
    const noGoals = await call(fixture.maya, 'PUT', url, { ...record, goals: [] });
    expect(noGoals.statusCode).toBe(400);
    const saved = await call(fixture.maya, 'PUT', url, record);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().record.diagnosisCodes).toEqual(['F41.1', 'F43.10']);
    expect((await call(fixture.owner, 'GET', url)).statusCode).toBe(403);
    expect((await call(ana, 'GET', url)).statusCode).toBe(403);
    const stranger = await addPerson(t.current, {
      email: 'zed@harbour.test',
      role: 'clinician',
      practiceId: fixture.practiceId,
    });
    expect((await call(stranger, 'GET', url)).statusCode).toBe(404);
    expect(await audits(t.current, 'clinical_record.viewed')).toHaveLength(2);
    const row = await t.current.database.db.selectFrom('clinicalRecords').select('details').executeTakeFirstOrThrow();
    expect(row.details).not.toContain('Harbour Mutual');
  });
});
