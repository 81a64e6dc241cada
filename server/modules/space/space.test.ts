import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { DateTime } from 'luxon';
import { expect, it } from 'vitest';
import WebSocket from 'ws';
import { FORMER_MEMBER } from '../../../domain/retention.js';
import type { RealtimeMessage } from '../../platform/realtime/broker.js';
import { createGroup, groupWithMembers, referAndJoin, type GroupFixture } from '../../testing/group-fixtures.js';
import { addPerson, callerOf, describeEachEngine, useTestApp, type SignedIn } from '../../testing/test-app.js';

interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Words the screening list (domain/crisis-screening.ts) rates urgent, and a negated, lower-priority match. */
const CRISIS = 'I want to end my life tonight.';
const NEGATED = 'I am not going to kill myself, I promise.';

describeEachEngine('the group space', (engine) => {
  const t = useTestApp(engine);
  const call = callerOf(t);
  const outbox = (): Mail[] => {
    const folder = path.join(t.current.dataDir, 'outbox');
    if (!fs.existsSync(folder)) return [];
    return fs.readdirSync(folder).map((f) => JSON.parse(fs.readFileSync(path.join(folder, f), 'utf8')) as Mail);
  };
  const space = (f: GroupFixture) => `/api/groups/${f.groupId}/space`;
  const view = async (who: SignedIn, f: GroupFixture) => {
    const response = await call(who, 'GET', space(f));
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const thread = async (who: SignedIn, f: GroupFixture, body: object) => {
    const response = await call(who, 'POST', `${space(f)}/threads`, { title: 'This week', ...body });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; status: string; heldFor: string | null };
  };
  const settings = (f: GroupFixture, change: object) =>
    call(f.maya, 'PUT', `${space(f)}/settings`, {
      anonymousAllowed: false,
      premoderateFirst: 0,
      readingHours: 'Weekdays, 9 to 5',
      quietFrom: null,
      quietUntil: null,
      ...change,
    });
  const postCount = async () =>
    Number(
      (
        await t.current.database.db
          .selectFrom('spacePosts')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  async function socket(cookie: string) {
    await t.current.app.listen({ port: 0, host: '127.0.0.1' }).catch(() => undefined);
    const url = `ws://127.0.0.1:${(t.current.app.server.address() as AddressInfo).port}/api/realtime`;
    return new Promise<{ ws: WebSocket; messages: RealtimeMessage[] }>((resolve, reject) => {
      const ws = new WebSocket(url, { headers: { cookie } });
      const messages: RealtimeMessage[] = [];
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as RealtimeMessage;
        if (message.type === 'ready') resolve({ ws, messages });
        else messages.push(message);
      });
      ws.on('error', reject);
    });
  }
  const settle = () => new Promise((r) => setTimeout(r, 150));

  it('members post, reply and react by display name; the facilitator sees who; an admin sees counts only', async () => {
    const f = await groupWithMembers(t.current, { members: ['Sam', 'Ria'] });
    const [sam, ria] = f.members.map((m) => m.person);
    const made = await thread(sam!, f, {
      body: 'I said no to extra shifts. <script>alert(1)</script>',
      channel: 'wins',
    });
    expect(made).toMatchObject({ status: 'published', heldFor: null });
    const reply = await call(ria!, 'POST', `${space(f)}/posts/${made.id}/replies`, { body: 'That took courage.' });
    expect(reply.statusCode, reply.body).toBe(201);
    for (const kind of ['me-too', 'strength'])
      expect((await call(ria!, 'PUT', `${space(f)}/posts/${made.id}/reactions/${kind}`)).statusCode).toBe(204);
    expect((await call(ria!, 'PUT', `${space(f)}/posts/${made.id}/reactions/me-too`)).statusCode).toBe(204);

    const seen = await view(ria!, f);
    expect(seen.role).toBe('member');
    const [first] = seen.threads;
    // Stored and returned as the text it is; the web app shows it as text.
    expect(first).toMatchObject({ channel: 'wins', body: 'I said no to extra shifts. <script>alert(1)</script>' });
    expect(first.author).toEqual({ name: 'Sam', facilitator: false, anonymous: false, mine: false });
    expect(first.replies[0].author.name).toBe('Ria');
    // Who reacted, by name, never a count.
    expect(first.reactions).toEqual([
      { kind: 'me-too', names: ['Ria'], mine: true },
      { kind: 'thank-you', names: [], mine: false },
      { kind: 'strength', names: ['Ria'], mine: true },
    ]);
    expect(JSON.stringify(seen)).not.toMatch(/Legal|count":/);
    expect((await view(sam!, f)).unread).toBe(1);
    expect((await call(sam!, 'POST', `${space(f)}/read`)).statusCode).toBe(204);
    expect((await view(sam!, f)).unread).toBe(0);

    const staff = await view(f.maya, f);
    expect(staff.role).toBe('facilitator');
    expect(staff.threads[0].author.member).toEqual({ name: 'Sam Legal', displayName: 'Sam' });
    const admin = await view(f.owner, f);
    expect(admin).toMatchObject({ role: 'counts', threads: [], counts: { threads: 1, posts: 2, waiting: 0 } });
    expect(JSON.stringify(admin)).not.toContain('extra shifts');

    // Encrypted at rest.
    const stored = await t.current.database.db.selectFrom('spacePosts').select('body').execute();
    expect(stored.map((s) => s.body).join()).not.toContain('extra shifts');
    const audit = await t.current.database.db.selectFrom('auditEvents').select('action').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['space.posted', 'clinical.space_read']));
  });

  it('anonymous posts never name their author to peers, in any answer; facilitators still see who', async () => {
    const f = await groupWithMembers(t.current, { members: ['Sam', 'Ria'] });
    const [sam, ria] = f.members.map((m) => m.person);
    const refused = await call(sam!, 'POST', `${space(f)}/threads`, {
      title: 'A',
      body: 'Hard week.',
      anonymous: true,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].field).toBe('body.anonymous');
    expect((await settings(f, { anonymousAllowed: true })).statusCode).toBe(200);
    const made = await thread(sam!, f, { body: 'Hard week.', anonymous: true });
    await call(ria!, 'PUT', `${space(f)}/posts/${made.id}/reactions/thank-you`);
    // Reactions carry names: on his own anonymous post, Sam's would name him.
    const own = await call(sam!, 'PUT', `${space(f)}/posts/${made.id}/reactions/me-too`);
    expect(own.statusCode).toBe(409);
    expect(own.json().detail).toMatch(/would show the group your name/);
    const peer = await view(ria!, f);
    expect(peer.threads[0].author).toEqual({ name: null, facilitator: false, anonymous: true, mine: false });
    expect(JSON.stringify(peer)).not.toMatch(/Sam/);
    expect((await view(sam!, f)).threads[0].author).toMatchObject({ name: null, anonymous: true, mine: true });
    expect((await view(f.maya, f)).threads[0].author.member).toEqual({ name: 'Sam Legal', displayName: 'Sam' });
  });

  it('holds a crisis post from everyone else, shows its author what happens, alerts and escalates, and publishes a kinder version', async () => {
    const f = await groupWithMembers(t.current, { members: ['Sam', 'Ria'] });
    const [sam, ria] = f.members.map((m) => m.person);
    const peerSocket = await socket(ria!.cookie);
    const staffSocket = await socket(f.maya.cookie);

    const held = await thread(sam!, f, { body: CRISIS });
    expect(held).toMatchObject({ status: 'held', heldFor: 'screening' });
    const crisisReply = await thread(ria!, f, { body: 'Open thread' });
    await settle();
    peerSocket.messages.length = 0;
    expect(
      (
        await call(sam!, 'POST', `${space(f)}/posts/${crisisReply.id}/replies`, { body: 'I want to kill myself' })
      ).json(),
    ).toMatchObject({ status: 'held' });
    await settle();

    // Nobody else in the group sees it, by HTTP or by the socket.
    const peer = await view(ria!, f);
    expect(JSON.stringify(peer)).not.toMatch(/end my life|kill myself/);
    expect(peer.threads.map((th: { id: string }) => th.id)).toEqual([crisisReply.id]);
    // Not even that a post waits: the number held is for those who run the group.
    expect(peer.counts).toEqual({ threads: 1, posts: 1 });
    expect((await view(f.maya, f)).counts.waiting).toBe(2);
    expect(peerSocket.messages).toEqual([]);
    expect((await call(ria!, 'PUT', `${space(f)}/posts/${held.id}/reactions/me-too`)).statusCode).toBe(404);
    expect((await call(ria!, 'POST', `${space(f)}/posts/${held.id}/replies`, { body: 'x' })).statusCode).toBe(404);
    // Its author sees it, waiting.
    const own = (await view(sam!, f)).threads.find((th: { id: string }) => th.id === held.id);
    expect(own).toMatchObject({ status: 'held', heldFor: 'screening', body: CRISIS });
    // The facilitators' page hears of it.
    expect(staffSocket.messages.length).toBeGreaterThan(0);

    // An urgent alert, e-mailed, escalated when nobody acknowledges it in time.
    const alerts = (await call(f.maya, 'GET', `/api/groups/${f.groupId}/alerts`)).json().alerts;
    expect(alerts).toHaveLength(2);
    expect(alerts[0]).toMatchObject({
      kind: 'space.crisis-language',
      urgency: 'urgent',
      member: { displayName: 'Sam' },
    });
    await t.current.app.jobs.runDue();
    const urgent = outbox().filter((m) => m.subject.startsWith('Urgent: a post in Tuesday Skills Circle'));
    expect(urgent.map((m) => m.to)).toEqual(['maya@harbour.test', 'maya@harbour.test']);
    expect(urgent[0]!.text).not.toMatch(/end my life|Sam/);
    const first = alerts.find((a: { id: string }) => a.id);
    expect((await call(f.maya, 'POST', `/api/groups/${f.groupId}/alerts/${first.id}/acknowledgement`)).statusCode).toBe(
      204,
    );
    await t.current.app.jobs.runDue(new Date(Date.now() + 31 * 60_000));
    const escalated = outbox().filter((m) => m.subject.startsWith('Urgent and not yet picked up'));
    expect(escalated.map((m) => m.to)).toEqual(['alex@harbour.test']);

    // The queue shows the held posts with their author.
    const queue = (await call(f.maya, 'GET', `${space(f)}/queue`)).json();
    expect(queue.held.map((p: { id: string }) => p.id)).toContain(held.id);
    expect(queue.held[0].author.member.name).toBe('Sam Legal');
    expect((await call(ria!, 'GET', `${space(f)}/queue`)).statusCode).toBe(403);

    // The facilitator publishes a kinder version, with the author's agreement noted.
    const moderation = `${space(f)}/posts/${held.id}/moderation`;
    expect((await call(f.maya, 'POST', moderation, { action: 'publish-edited', body: 'x' })).statusCode).toBe(400);
    expect((await call(ria!, 'POST', moderation, { action: 'publish' })).statusCode).toBe(403);
    peerSocket.messages.length = 0;
    const kinder = await call(f.maya, 'POST', moderation, {
      action: 'publish-edited',
      body: 'This week has been very hard and I am struggling.',
      note: 'Published a kinder version with the author’s agreement.',
    });
    expect(kinder.statusCode, kinder.body).toBe(204);
    await settle();
    expect(peerSocket.messages).toEqual([{ type: 'changed', data: { group: f.groupId } }]);
    const after = (await view(ria!, f)).threads.find((th: { id: string }) => th.id === held.id);
    expect(after).toMatchObject({ status: 'published', body: 'This week has been very hard and I am struggling.' });
    expect(after.editNote).toBeNull();
    const mine = (await view(sam!, f)).threads.find((th: { id: string }) => th.id === held.id);
    expect(mine.editNote).toBe('Published a kinder version with the author’s agreement.');
    // The other is kept private: its author still sees it, nobody else.
    const replyId = queue.held.find((p: { id: string }) => p.id !== held.id).id;
    expect(
      (await call(f.maya, 'POST', `${space(f)}/posts/${replyId}/moderation`, { action: 'keep-private' })).statusCode,
    ).toBe(204);
    expect(JSON.stringify(await view(ria!, f))).not.toContain('kill myself');
    const outcomes = (await call(f.maya, 'GET', `${space(f)}/queue`)).json().outcomes;
    expect(outcomes.map((o: { action: string }) => o.action)).toEqual(['keep-private', 'publish-edited']);
    const audit = await t.current.database.db.selectFrom('auditEvents').select('action').execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['space.held', 'alerts.raised', 'alerts.escalated', 'space.moderated']),
    );
    for (const s of [peerSocket, staffSocket]) s.ws.close();
  });

  it('publishes a negated match with a lower-priority alert, as the screening policy says', async () => {
    const f = await groupWithMembers(t.current, { members: ['Sam', 'Ria'] });
    const made = await thread(f.members[0]!.person, f, { body: NEGATED });
    expect(made.status).toBe('published');
    const alerts = (await call(f.maya, 'GET', `/api/groups/${f.groupId}/alerts`)).json().alerts;
    expect(alerts).toMatchObject([{ kind: 'space.crisis-language', urgency: 'routine' }]);
    expect((await view(f.maya, f)).threads[0].screening).toBe('flag');
    expect((await view(f.members[1]!.person, f)).threads[0].screening).toBeUndefined();
  });

  it("screens with the practice's own rules as well as Hearth's", async () => {
    const f = await groupWithMembers(t.current, { members: ['Sam', 'Ria'] });
    const rule = await call(f.owner, 'POST', '/api/lexicon/rules', {
      phrase: 'walk into the sea',
      category: 'suicide',
      language: 'en',
      level: 'urgent',
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const made = await thread(f.members[0]!.person, f, { body: 'Some nights I think I will walk into the sea.' });
    expect(made).toMatchObject({ status: 'held', heldFor: 'screening' });
    expect((await view(f.members[1]!.person, f)).threads).toEqual([]);
  });

  it("holds a new member's first posts when the group asks, then lets them through", async () => {
    const f = await groupWithMembers(t.current, { members: ['Sam', 'Ria'] });
    const [sam, ria] = f.members.map((m) => m.person);
    expect((await settings(f, { premoderateFirst: 1 })).statusCode).toBe(200);
    const first = await thread(sam!, f, { body: 'Hello everyone.' });
    expect(first).toMatchObject({ status: 'held', heldFor: 'premoderation' });
    expect((await view(ria!, f)).threads).toEqual([]);
    expect(
      (await call(f.maya, 'POST', `${space(f)}/posts/${first.id}/moderation`, { action: 'publish' })).statusCode,
    ).toBe(204);
    expect((await view(ria!, f)).threads).toHaveLength(1);
    expect((await thread(sam!, f, { body: 'Second.' })).status).toBe('published');
    // No alert for pre-moderation: it is not a safety matter.
    expect((await call(f.maya, 'GET', `/api/groups/${f.groupId}/alerts`)).json().alerts).toEqual([]);
  });

  it('reports reach the facilitators without naming the reporter to the author; hidden posts are kept and unreachable', async () => {
    const f = await groupWithMembers(t.current, { members: ['Sam', 'Ria'] });
    const [sam, ria] = f.members.map((m) => m.person);
    const made = await thread(sam!, f, { body: 'Some people in this group are idiots.' });
    const answer = await call(sam!, 'POST', `${space(f)}/posts/${made.id}/replies`, { body: 'And I mean it.' });
    expect(answer.statusCode, answer.body).toBe(201);
    const reported = await call(ria!, 'POST', `${space(f)}/posts/${made.id}/reports`, { reason: 'This hurt me.' });
    expect(reported.statusCode, reported.body).toBe(201);
    expect((await call(ria!, 'POST', `${space(f)}/posts/${made.id}/reports`, { reason: '' })).statusCode).toBe(400);
    expect(JSON.stringify(await view(sam!, f))).not.toMatch(/Ria|hurt me/);
    const queue = (await call(f.maya, 'GET', `${space(f)}/queue`)).json();
    expect(queue.reports[0]).toMatchObject({ reason: 'This hurt me.', reporter: 'Ria Legal', resolved: null });

    const hide = await call(f.maya, 'POST', `${space(f)}/posts/${made.id}/moderation`, {
      action: 'hide',
      note: 'Name-calling',
    });
    expect(hide.statusCode).toBe(204);
    expect((await view(ria!, f)).threads).toEqual([]);
    expect((await view(sam!, f)).threads).toEqual([]);
    const reply = await call(ria!, 'POST', `${space(f)}/posts/${made.id}/replies`, { body: 'Replying anyway' });
    expect(reply.statusCode).toBe(404);
    // Its replies go with it: nobody in the group reacts to them or reports them any more.
    const underHidden = `${space(f)}/posts/${answer.json().id}`;
    expect((await call(ria!, 'PUT', `${underHidden}/reactions/me-too`)).statusCode).toBe(404);
    expect((await call(ria!, 'POST', `${underHidden}/reports`, { reason: 'Also this' })).statusCode).toBe(404);
    expect((await call(f.maya, 'POST', `${space(f)}/posts/${made.id}/replies`, { body: 'x' })).statusCode).toBe(409);
    // Kept, encrypted, for the facilitators.
    expect((await view(f.maya, f)).threads[0]).toMatchObject({
      status: 'hidden',
      body: 'Some people in this group are idiots.',
    });
    const resolution = `${space(f)}/reports/${reported.json().id}/resolution`;
    expect((await call(f.maya, 'POST', resolution, { outcome: 'Hidden; spoke with Sam.' })).statusCode).toBe(204);
    expect((await call(f.maya, 'POST', resolution, { outcome: 'Again' })).statusCode).toBe(409);
    expect((await call(f.maya, 'GET', `${space(f)}/queue`)).json().reports[0].resolved.outcome).toBe(
      'Hidden; spoke with Sam.',
    );
  });

  it('refuses bad input clearly and stores nothing half-way', async () => {
    const f = await groupWithMembers(t.current, { members: ['Sam', 'Ria'] });
    const [sam, ria] = f.members.map((m) => m.person);
    const made = await thread(sam!, f, { body: 'Start' });
    const before = await postCount();
    for (const body of [
      { title: 'Empty', body: '   ' },
      { title: 'Huge', body: 'x'.repeat(100 * 1024) },
      { body: 'No title' },
      { title: 'Bad channel', body: 'x', channel: 'gossip' },
    ]) {
      const response = await call(sam!, 'POST', `${space(f)}/threads`, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().errors[0].field).toMatch(/^body\./);
    }
    // A locked thread takes no replies from members.
    expect((await call(f.maya, 'POST', `${space(f)}/posts/${made.id}/moderation`, { action: 'lock' })).statusCode).toBe(
      204,
    );
    const locked = await call(ria!, 'POST', `${space(f)}/posts/${made.id}/replies`, { body: 'Hello' });
    expect(locked.statusCode).toBe(409);
    // Another group's thread is not there.
    const other = await createGroup(t.current, f.maya, { name: 'Thursday Group' });
    const tess = await addPerson(t.current, { email: 'tess@people.test', role: 'member', practiceId: f.practiceId });
    await referAndJoin(t.current, f.maya, other, tess, 'Tess', 'tess@people.test');
    const elsewhere = await call(tess, 'POST', `/api/groups/${other}/space/posts/${made.id}/replies`, { body: 'Hi' });
    expect(elsewhere.statusCode).toBe(404);
    expect((await call(tess, 'GET', space(f))).statusCode).toBe(404);
    expect(await postCount()).toBe(before);
    // Moderation that makes no sense now is refused.
    expect(
      (await call(f.maya, 'POST', `${space(f)}/posts/${made.id}/moderation`, { action: 'publish' })).statusCode,
    ).toBe(409);

    // Two hundred reactions in a moment: the limit answers 429.
    const statuses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        call(ria!, i % 2 ? 'DELETE' : 'PUT', `${space(f)}/posts/${made.id}/reactions/me-too`),
      ),
    );
    expect(statuses.some((r) => r.statusCode === 429)).toBe(true);
    expect(statuses.every((r) => [204, 429].includes(r.statusCode))).toBe(true);
  });

  it('a member who leaves loses the space at once; their posts then show "a former member"', async () => {
    const f = await groupWithMembers(t.current, { members: ['Sam', 'Ria'] });
    const [sam, ria] = f.members.map((m) => m.person);
    const made = await thread(sam!, f, { body: 'Glad to be here.' });
    const samSocket = await socket(sam!.cookie);
    const left = await call(f.maya, 'POST', `/api/groups/${f.groupId}/members/${f.members[0]!.memberId}/status`, {
      status: 'left',
      reason: 'Moved away',
    });
    expect(left.statusCode, left.body).toBe(200);
    expect((await call(sam!, 'GET', space(f))).statusCode).toBe(409);
    expect((await call(sam!, 'POST', `${space(f)}/threads`, { title: 'x', body: 'y' })).statusCode).toBe(409);
    expect((await call(sam!, 'PUT', `${space(f)}/posts/${made.id}/reactions/me-too`)).statusCode).toBe(409);
    expect((await view(ria!, f)).threads[0].author.name).toBe(FORMER_MEMBER);
    // The socket opened while he belonged hears nothing more of the group's space.
    await thread(ria!, f, { body: 'After Sam left' });
    await settle();
    expect(samSocket.messages).toEqual([]);
    samSocket.ws.close();
  });

  it('e-mails a digest of how many posts are new, never what they say, outside quiet hours', async () => {
    const f = await groupWithMembers(t.current, { members: ['Sam', 'Ria'] });
    const [sam, ria] = f.members.map((m) => m.person);
    expect((await call(ria!, 'PUT', `${space(f)}/digest`, { digest: 'daily' })).statusCode).toBe(204);
    expect((await call(ria!, 'PUT', `${space(f)}/digest`, { digest: 'hourly' })).statusCode).toBe(400);
    expect((await call(f.maya, 'PUT', `${space(f)}/digest`, { digest: 'daily' })).statusCode).toBe(403);
    await thread(sam!, f, { body: 'First private words' });
    await thread(sam!, f, { body: 'Second private words' });
    // Quiet for the hours around the worker's run, on the group's clock: nothing goes. (00:00 to 23:59
    // left 23:59 itself outside, so a run at 21:59 London time sent the digest.)
    const run = Date.now() + 2 * 3_600_000;
    const there = DateTime.fromMillis(run, { zone: 'Europe/London' });
    const quiet = {
      quietFrom: there.minus({ hours: 1 }).toFormat('HH:mm'),
      quietUntil: there.plus({ hours: 1 }).toFormat('HH:mm'),
    };
    expect((await settings(f, quiet)).statusCode).toBe(200);
    await t.current.app.jobs.runDue(new Date(run));
    expect(outbox().filter((m) => m.subject.includes('new posts'))).toEqual([]);
    expect((await settings(f, {})).statusCode).toBe(200);
    await t.current.app.jobs.runDue(new Date(Date.now() + 4 * 3_600_000));
    const digests = outbox().filter((m) => m.subject.includes('new posts'));
    expect(digests.map((m) => [m.to, m.subject])).toEqual([
      ['ria@people.test', '2 new posts in Tuesday Skills Circle'],
    ]);
    expect(digests[0]!.text).not.toContain('private words');
    // Not again the same day.
    await t.current.app.jobs.runDue(new Date(Date.now() + 6 * 3_600_000));
    expect(outbox().filter((m) => m.subject.includes('new posts'))).toHaveLength(1);
    expect((await settings(f, { quietFrom: '22:00' })).statusCode).toBe(400);
  });
});
