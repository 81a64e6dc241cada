import fs from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { expect, it } from 'vitest';
import {
  backdateMembership,
  groupWithMembers,
  insertPastSession,
  type GroupFixture,
} from '../../testing/group-fixtures.js';
import { describeEachEngine, useTestApp, type SignedIn } from '../../testing/test-app.js';

/** The next Tuesday after a week from now, at 18:00 in the zone, as the form sends it. */
function nextTuesday(zone = 'Europe/London', weeksAhead = 1) {
  let day = DateTime.now()
    .setZone(zone)
    .plus({ weeks: weeksAhead })
    .set({ hour: 18, minute: 0, second: 0, millisecond: 0 });
  while (day.weekday !== 2) day = day.plus({ days: 1 });
  return day;
}
const localText = (d: DateTime) => d.toFormat("yyyy-MM-dd'T'HH:mm");

interface Mail {
  to: string;
  subject: string;
  text: string;
}

describeEachEngine('sessions, attendance, reminders and calendar feeds', (engine) => {
  const t = useTestApp(engine);
  const call = (who: SignedIn | null, method: string, url: string, payload?: object) =>
    t.current.app.inject({
      method: method as 'GET',
      url,
      ...(who && { headers: { cookie: who.cookie } }),
      ...(payload && { payload }),
    });
  const outbox = (): Mail[] => {
    const folder = path.join(t.current.dataDir, 'outbox');
    if (!fs.existsSync(folder)) return [];
    return fs.readdirSync(folder).map((f) => JSON.parse(fs.readFileSync(path.join(folder, f), 'utf8')) as Mail);
  };
  const weekly = (first: DateTime, over: object = {}) => ({
    rrule: 'FREQ=WEEKLY;BYDAY=TU',
    firstStart: localText(first),
    durationMinutes: 90,
    reminderMinutes: [1440, 60],
    ...over,
  });
  async function scheduled(fixture: GroupFixture, body: object) {
    const response = await call(fixture.maya, 'PUT', `/api/groups/${fixture.groupId}/schedule`, body);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }
  async function sessions(fixture: GroupFixture, who: SignedIn = fixture.maya, query = '') {
    const response = await call(who, 'GET', `/api/groups/${fixture.groupId}/sessions${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().sessions as Array<{
      id: string;
      startsAt: string;
      status: string;
      cancelNote: string | null;
      movedFrom: string | null;
      extra: boolean;
      attendance: { expected: number; recorded: number };
    }>;
  }

  it('schedules a weekly group that stays at 18:00 London time across a change of the UK’s clocks', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    const first = nextTuesday();
    const schedule = await scheduled(fixture, weekly(first));
    expect(schedule).toMatchObject({
      description: 'every week on Tuesday at 6:00 PM (United Kingdom Time)',
      timeZone: 'Europe/London',
    });
    const list = await sessions(fixture);
    expect(list[0]!.startsAt).toBe(first.toUTC().toISO({ suppressMilliseconds: false }));
    expect(list[0]!.attendance.expected).toBe(1);

    // The UK's next change of clocks at least three weeks into the schedule, found from today rather than
    // named, so the check never runs out of future: there is one within seven months, well inside the
    // year an open rule is kept ahead. The six weeks around it hold six Tuesdays, on both offsets.
    let change = first.plus({ weeks: 3 }).startOf('day');
    while (change.plus({ days: 1 }).offset === change.offset) change = change.plus({ days: 1 });
    const window = `?from=${change.minus({ weeks: 3 }).toUTC().toISO()}&to=${change.plus({ weeks: 3 }).toUTC().toISO()}`;
    const around = await sessions(fixture, fixture.maya, window);
    expect(around).toHaveLength(6);
    const local = around.map((s) => DateTime.fromISO(s.startsAt, { zone: 'Europe/London' }));
    expect(new Set(local.map((d) => d.toFormat('ccc HH:mm')))).toEqual(new Set(['Tue 18:00']));
    expect(new Set(around.map((s) => s.startsAt.slice(11, 16)))).toEqual(new Set(['18:00', '17:00']));

    // A rule without an end is kept a year ahead, not forever.
    const total = await t.current.database.db
      .selectFrom('groupSessions')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(total.n)).toBeGreaterThanOrEqual(50);
    expect(Number(total.n)).toBeLessThanOrEqual(53);
  });

  it('refuses rules that cannot be used, naming the field', async () => {
    const fixture = await groupWithMembers(t.current);
    const first = nextTuesday();
    const cases: Array<[object, string]> = [
      [weekly(first, { rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=10000' }), 'body.rrule'],
      [weekly(first, { rrule: 'FREQ=WEEKLY;UNTIL=20200101' }), 'body.rrule'],
      [weekly(first, { rrule: 'FREQ=SECONDLY' }), 'body.rrule'],
      [weekly(first, { firstStart: '2027-02-30T18:00' }), 'body.firstStart'],
      [weekly(first, { durationMinutes: 2 }), 'body.durationMinutes'],
      [weekly(first, { reminderMinutes: [7] }), 'body.reminderMinutes.0'],
      [weekly(first, { rrule: null }), 'body.rrule'],
    ];
    for (const [body, field] of cases) {
      const response = await call(fixture.maya, 'PUT', `/api/groups/${fixture.groupId}/schedule`, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    // Nothing was half-made by the refused attempts.
    expect(await sessions(fixture)).toEqual([]);
    // The group's time zone is checked where it is set.
    const zone = await call(fixture.maya, 'PATCH', `/api/groups/${fixture.groupId}`, { timeZone: 'Mars/Olympus_Mons' });
    expect(zone.statusCode).toBe(400);
  });

  it('refuses times outside the years both engines store, in rules, sessions and windows', async () => {
    const fixture = await groupWithMembers(t.current);
    const first = nextTuesday();
    const refusals: Array<[string, string, object | undefined, string]> = [
      [
        'PUT',
        `/api/groups/${fixture.groupId}/schedule`,
        weekly(first, { firstStart: '0000-01-04T18:00' }),
        'body.firstStart',
      ],
      [
        'PUT',
        `/api/groups/${fixture.groupId}/schedule`,
        weekly(first, { firstStart: '9999-12-28T18:00' }),
        'body.firstStart',
      ],
      [
        'POST',
        `/api/groups/${fixture.groupId}/sessions`,
        { startsAt: '9999-12-31T23:59', durationMinutes: 60 },
        'body.startsAt',
      ],
      ['GET', `/api/groups/${fixture.groupId}/sessions?from=0000-01-01T00:00:00Z`, undefined, 'query.from'],
      ['GET', '/api/agenda?from=9999-12-01T00:00:00Z&to=9999-12-31T23:59:59Z', undefined, 'query.from'],
    ];
    for (const [method, url, body, field] of refusals) {
      const response = await call(fixture.maya, method, url, body);
      expect(response.statusCode, `${method} ${url}`).toBe(400);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await sessions(fixture)).toEqual([]);
  });

  it('changes only future sessions when the rule changes, keeping past ones and their attendance', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    await backdateMembership(t.current, fixture.members[0]!.memberId, new Date(Date.now() - 30 * 86_400_000));
    const past = await insertPastSession(t.current, fixture, new Date(Date.now() - 6 * 86_400_000));
    await scheduled(fixture, weekly(nextTuesday()));
    const marked = await call(fixture.maya, 'PUT', `/api/groups/${fixture.groupId}/sessions/${past}/attendance`, {
      marks: [{ memberId: fixture.members[0]!.memberId, status: 'present' }],
    });
    expect(marked.statusCode, marked.body).toBe(204);
    const before = await sessions(fixture);
    const keptFuture = before.find((s) => s.id !== past)!;

    // Move to Thursdays: Tuesday sessions ahead go, Thursday ones come; the past one stays.
    const thursday = nextTuesday().plus({ days: 2 });
    await scheduled(fixture, weekly(thursday, { rrule: 'FREQ=WEEKLY;BYDAY=TH' }));
    const after = await sessions(fixture);
    expect(after[0]!.id).toBe(past);
    expect(after[0]!.attendance.recorded).toBe(1);
    expect(after.slice(1).every((s) => DateTime.fromISO(s.startsAt, { zone: 'Europe/London' }).weekday === 4)).toBe(
      true,
    );
    expect(after.some((s) => s.id === keptFuture.id)).toBe(false);

    // Saving the same rule again keeps every session's identity (calendar UIDs stay put).
    await scheduled(fixture, weekly(thursday, { rrule: 'FREQ=WEEKLY;BYDAY=TH' }));
    expect((await sessions(fixture)).map((s) => s.id)).toEqual(after.map((s) => s.id));
  });

  it('keeps a cancellation, a note and a hand-made move when the rule’s time changes, and tells everyone', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    await scheduled(fixture, weekly(nextTuesday()));
    const [first, second, third] = await sessions(fixture);
    const url = (id: string) => `/api/groups/${fixture.groupId}/sessions/${id}`;
    await call(fixture.maya, 'PUT', `${url(first!.id)}/cancellation`, { note: 'Holiday.' });
    await call(fixture.maya, 'PATCH', url(second!.id), { noteForMembers: 'Bring a notebook.' });
    const movedTo = nextTuesday().plus({ weeks: 2, days: 1 }).set({ hour: 10 });
    expect((await call(fixture.maya, 'PATCH', url(third!.id), { startsAt: localText(movedTo) })).statusCode).toBe(200);
    await t.current.app.jobs.runDue();

    // 18:00 becomes 18:30, same day: every session keeps its identity and what was said about it.
    await scheduled(fixture, weekly(nextTuesday().set({ minute: 30 })));
    const after = await sessions(fixture);
    const byId = new Map(after.map((s) => [s.id, s]));
    expect(byId.get(first!.id)).toMatchObject({ status: 'cancelled', cancelNote: 'Holiday.' });
    expect(DateTime.fromISO(byId.get(first!.id)!.startsAt, { zone: 'Europe/London' }).toFormat('HH:mm')).toBe('18:30');
    expect(byId.get(second!.id)).toMatchObject({ status: 'scheduled' });
    expect(DateTime.fromISO(byId.get(third!.id)!.startsAt, { zone: 'Europe/London' }).toFormat('ccc HH:mm')).toBe(
      'Wed 10:00',
    );
    await t.current.app.jobs.runDue();
    const told = outbox().filter((m) => m.subject === 'New dates for Tuesday Skills Circle');
    expect(told.map((m) => m.to).sort()).toEqual(['maya@harbour.test', 'sam@people.test']);
    expect(told[0]!.text).toContain('every week on Tuesday at 6:30 PM (United Kingdom Time)');
  });

  it('refuses to put a session on top of another one', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    await scheduled(fixture, weekly(nextTuesday()));
    const [first, second] = await sessions(fixture);
    const onTop = await call(fixture.maya, 'PATCH', `/api/groups/${fixture.groupId}/sessions/${second!.id}`, {
      startsAt: localText(DateTime.fromISO(first!.startsAt, { zone: 'Europe/London' }).plus({ minutes: 30 })),
    });
    expect(onTop.statusCode).toBe(400);
    expect(onTop.json().errors[0]).toMatchObject({
      field: 'body.startsAt',
      message: expect.stringMatching(/Another session/),
    });
    const extra = await call(fixture.maya, 'POST', `/api/groups/${fixture.groupId}/sessions`, {
      startsAt: localText(DateTime.fromISO(first!.startsAt, { zone: 'Europe/London' })),
      durationMinutes: 60,
    });
    expect(extra.statusCode).toBe(400);
    // A cancelled session's time is free again.
    await call(fixture.maya, 'PUT', `/api/groups/${fixture.groupId}/sessions/${first!.id}/cancellation`, {
      note: 'Off.',
    });
    expect(
      (
        await call(fixture.maya, 'POST', `/api/groups/${fixture.groupId}/sessions`, {
          startsAt: localText(DateTime.fromISO(first!.startsAt, { zone: 'Europe/London' })),
          durationMinutes: 60,
        })
      ).statusCode,
    ).toBe(201);
  });

  it('cancels a session with a note, tells everyone at once, and can put it back', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam', 'Ria'] });
    await scheduled(fixture, weekly(nextTuesday()));
    const [first] = await sessions(fixture);
    const empty = await call(fixture.maya, 'PUT', `/api/groups/${fixture.groupId}/sessions/${first!.id}/cancellation`, {
      note: '   ',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].field).toBe('body.note');
    const cancelled = await call(
      fixture.maya,
      'PUT',
      `/api/groups/${fixture.groupId}/sessions/${first!.id}/cancellation`,
      {
        note: 'Maya is unwell. We meet again the week after.',
      },
    );
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({
      status: 'cancelled',
      cancelNote: 'Maya is unwell. We meet again the week after.',
    });

    expect(await t.current.app.jobs.runDue()).toBeGreaterThan(0);
    const notices = outbox().filter((m) => m.subject.startsWith('Cancelled:'));
    expect(notices.map((m) => m.to).sort()).toEqual(['maya@harbour.test', 'ria@people.test', 'sam@people.test']);
    expect(notices[0]!.text).toContain('Maya is unwell');
    // Running the worker again sends nothing twice.
    await t.current.app.jobs.runDue();
    expect(outbox().filter((m) => m.subject.startsWith('Cancelled:'))).toHaveLength(3);

    // The member sees it cancelled with the note.
    const mine = (await call(fixture.members[0]!.person, 'GET', '/api/my/sessions')).json();
    expect(mine.upcoming[0]).toMatchObject({
      id: first!.id,
      status: 'cancelled',
      cancelNote: expect.stringContaining('unwell'),
    });

    const restored = await call(
      fixture.maya,
      'DELETE',
      `/api/groups/${fixture.groupId}/sessions/${first!.id}/cancellation`,
    );
    expect(restored.json().status).toBe('scheduled');
    await t.current.app.jobs.runDue();
    expect(outbox().filter((m) => m.subject.startsWith('Back on:'))).toHaveLength(3);
  });

  it('moves a session and adds an extra one, but never into the past', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    await scheduled(fixture, weekly(nextTuesday()));
    const [first] = await sessions(fixture);
    const url = `/api/groups/${fixture.groupId}/sessions/${first!.id}`;
    const intoPast = await call(fixture.maya, 'PATCH', url, { startsAt: '2020-01-07T18:00' });
    expect(intoPast.statusCode).toBe(400);
    expect(intoPast.json().errors[0]).toMatchObject({
      field: 'body.startsAt',
      message: expect.stringMatching(/not passed/),
    });
    const target = nextTuesday().plus({ days: 1, hours: 1 });
    const moved = await call(fixture.maya, 'PATCH', url, {
      startsAt: localText(target),
      noteForMembers: 'Bring a notebook.',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ movedFrom: first!.startsAt, noteForMembers: 'Bring a notebook.' });
    expect(DateTime.fromISO(moved.json().startsAt, { zone: 'Europe/London' }).toFormat('HH:mm')).toBe('19:00');

    const extra = await call(fixture.maya, 'POST', `/api/groups/${fixture.groupId}/sessions`, {
      startsAt: localText(nextTuesday().plus({ days: 3 })),
      durationMinutes: 60,
    });
    expect(extra.statusCode, extra.body).toBe(201);
    expect(extra.json()).toMatchObject({ extra: true, status: 'scheduled' });
    const pastExtra = await call(fixture.maya, 'POST', `/api/groups/${fixture.groupId}/sessions`, {
      startsAt: '2021-05-05T10:00',
      durationMinutes: 60,
    });
    expect(pastExtra.statusCode).toBe(400);

    // The member sees both marked.
    const upcoming = (await call(fixture.members[0]!.person, 'GET', '/api/my/sessions')).json().upcoming;
    expect(upcoming.find((s: { id: string }) => s.id === first!.id)).toMatchObject({ moved: true, extra: false });
    expect(upcoming.find((s: { id: string }) => s.id === extra.json().id)).toMatchObject({ extra: true, moved: false });

    await t.current.app.jobs.runDue();
    const subjects = outbox().map((m) => m.subject);
    expect(subjects.some((s) => s.includes('has moved'))).toBe(true);
    const movedMail = outbox().find((m) => m.subject.includes('has moved'))!;
    expect(movedMail.text).toMatch(
      /The session of Tuesday Skills Circle on \w+day, \w+ \d+ at 6:00 PM \(United Kingdom Time\) has moved\. It now meets on \w+day, \w+ \d+ at 7:00 PM/,
    );
    expect(subjects.some((s) => s.startsWith('An extra session'))).toBe(true);
  });

  it('records a forgotten session of last week for its attendance, and tells nobody about it', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    await backdateMembership(t.current, fixture.members[0]!.memberId, new Date(Date.now() - 30 * 86_400_000));
    const lastWeek = DateTime.now().setZone('Europe/London').minus({ days: 6 }).set({ hour: 18, minute: 0 });
    const recorded = await call(fixture.maya, 'POST', `/api/groups/${fixture.groupId}/sessions`, {
      startsAt: localText(lastWeek),
      durationMinutes: 90,
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect(recorded.json()).toMatchObject({ extra: true, attendance: { expected: 1, recorded: 0 } });
    const marked = await call(
      fixture.maya,
      'PUT',
      `/api/groups/${fixture.groupId}/sessions/${recorded.json().id}/attendance`,
      { marks: [{ memberId: fixture.members[0]!.memberId, status: 'present' }] },
    );
    expect(marked.statusCode, marked.body).toBe(204);
    await t.current.app.jobs.runDue();
    expect(outbox().filter((m) => m.subject.startsWith('An extra session'))).toEqual([]);
    // Further back than the limit is refused, naming the field and the limit.
    const tooOld = await call(fixture.maya, 'POST', `/api/groups/${fixture.groupId}/sessions`, {
      startsAt: localText(DateTime.now().setZone('Europe/London').minus({ days: 120 })),
      durationMinutes: 90,
    });
    expect(tooOld.statusCode).toBe(400);
    expect(tooOld.json().errors[0]).toMatchObject({
      field: 'body.startsAt',
      message: expect.stringMatching(/90 days/),
    });
  });

  it('plans a schedule with a past first date from today on, says which session is first, and refuses one wholly past', async () => {
    const fixture = await groupWithMembers(t.current);
    const longAgo = nextTuesday('Europe/London', -20);
    const ended = await call(
      fixture.maya,
      'PUT',
      `/api/groups/${fixture.groupId}/schedule`,
      weekly(longAgo, { rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=5' }),
    );
    expect(ended.statusCode).toBe(400);
    expect(ended.json().errors[0]).toMatchObject({
      field: 'body.firstStart',
      message: expect.stringMatching(/before today/),
    });
    const schedule = await scheduled(fixture, weekly(longAgo));
    const list = await sessions(fixture);
    expect(list.length).toBeGreaterThan(0);
    expect(Date.parse(list[0]!.startsAt)).toBeGreaterThan(Date.now());
    expect(schedule.nextSessionAt).toBe(list[0]!.startsAt);
  });

  it('expects only members active at each session, takes attendance and alerts after two unexcused absences', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam', 'Ria'] });
    const [sam, ria] = fixture.members;
    const week = 7 * 86_400_000;
    const now = Date.now();
    // Sam has been in the group for six weeks; Ria joined two and a half weeks ago.
    await backdateMembership(t.current, sam!.memberId, new Date(now - 6 * week));
    await backdateMembership(t.current, ria!.memberId, new Date(now - 2.5 * week));
    const ids = [];
    for (let w = 5; w >= 1; w--) ids.push(await insertPastSession(t.current, fixture, new Date(now - w * week)));
    const sheetOf = async (id: string) =>
      (await call(fixture.maya, 'GET', `/api/groups/${fixture.groupId}/sessions/${id}/attendance`)).json();

    // Weeks 5, 4 and 3 ago expected only Sam; weeks 2 and 1 ago expected both.
    expect((await sheetOf(ids[0]!)).entries.map((e: { displayName: string }) => e.displayName)).toEqual(['Sam']);
    expect((await sheetOf(ids[3]!)).entries.map((e: { displayName: string }) => e.displayName)).toEqual(['Ria', 'Sam']);

    const mark = (id: string, marks: object[]) =>
      call(fixture.maya, 'PUT', `/api/groups/${fixture.groupId}/sessions/${id}/attendance`, { marks });
    const notExpected = await mark(ids[0]!, [{ memberId: ria!.memberId, status: 'present' }]);
    expect(notExpected.statusCode).toBe(400);
    expect(notExpected.json().errors[0].field).toBe('body.marks.0.memberId');
    const badStatus = await mark(ids[0]!, [{ memberId: sam!.memberId, status: 'asleep' }]);
    expect(badStatus.statusCode).toBe(400);
    expect(badStatus.json().errors[0].field).toBe('body.marks.0.status');

    expect((await mark(ids[0]!, [{ memberId: sam!.memberId, status: 'present' }])).statusCode).toBe(204);
    expect((await mark(ids[1]!, [{ memberId: sam!.memberId, status: 'late', note: 'Traffic' }])).statusCode).toBe(204);
    expect((await mark(ids[2]!, [{ memberId: sam!.memberId, status: 'absent-excused' }])).statusCode).toBe(204);
    expect(
      (
        await mark(ids[3]!, [
          { memberId: sam!.memberId, status: 'absent-unexcused' },
          { memberId: ria!.memberId, status: 'present' },
        ])
      ).statusCode,
    ).toBe(204);
    let alerts = (await call(fixture.maya, 'GET', `/api/groups/${fixture.groupId}/alerts`)).json().alerts;
    expect(alerts).toEqual([]);
    const second = [
      { memberId: sam!.memberId, status: 'absent-unexcused' },
      { memberId: ria!.memberId, status: 'left-early' },
    ];
    expect((await mark(ids[4]!, second)).statusCode).toBe(204);
    // Saving the same sheet again raises nothing new.
    expect((await mark(ids[4]!, second)).statusCode).toBe(204);
    alerts = (await call(fixture.maya, 'GET', `/api/groups/${fixture.groupId}/alerts`)).json().alerts;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'attendance.unexcused-run', member: { displayName: 'Sam' } });

    await t.current.app.jobs.runDue();
    const alertMail = outbox().filter((m) => m.subject.includes('may need a call'));
    expect(alertMail.map((m) => m.to)).toEqual(['maya@harbour.test']);
    expect(alertMail[0]!.text).not.toContain('Sam');

    const summary = (await call(fixture.maya, 'GET', `/api/groups/${fixture.groupId}/attendance`)).json();
    const samRate = summary.members.find((m: { displayName: string }) => m.displayName === 'Sam');
    expect(samRate).toMatchObject({ recorded: 5, attended: 2, excused: 1, unexcused: 2, rate: 0.4 });
    expect(summary.group).toMatchObject({ recorded: 7, attended: 4 });

    // The note is encrypted at rest, and reading it is audited.
    const stored = await t.current.database.db
      .selectFrom('sessionAttendance')
      .select('note')
      .where('note', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(stored.note).not.toContain('Traffic');
    expect((await sheetOf(ids[1]!)).entries[0].note).toBe('Traffic');
    const audited = await t.current.database.db
      .selectFrom('auditEvents')
      .select('action')
      .where('action', '=', 'clinical.attendance_notes_viewed')
      .execute();
    expect(audited.length).toBeGreaterThan(0);

    const resolved = await call(
      fixture.maya,
      'POST',
      `/api/groups/${fixture.groupId}/alerts/${alerts[0].id}/resolution`,
      {
        outcome: 'Called Sam; back next week.',
      },
    );
    expect(resolved.statusCode).toBe(204);
    expect((await call(fixture.maya, 'GET', `/api/groups/${fixture.groupId}/alerts`)).json().alerts).toEqual([]);
    const again = await call(fixture.maya, 'POST', `/api/groups/${fixture.groupId}/alerts/${alerts[0].id}/resolution`, {
      outcome: 'Twice.',
    });
    expect(again.statusCode).toBe(409);

    // The member sees their own past sessions with their own marks, and nobody else's.
    const mine = (await call(sam!.person, 'GET', '/api/my/sessions')).json();
    expect(mine.past.map((s: { myAttendance: string }) => s.myAttendance)).toEqual([
      'absent-unexcused',
      'absent-unexcused',
      'absent-excused',
      'late',
      'present',
    ]);
    expect(JSON.stringify(mine)).not.toContain('Traffic');
    const riaPast = (await call(ria!.person, 'GET', '/api/my/sessions')).json().past;
    expect(riaPast).toHaveLength(2);
  });

  it('refuses attendance for a session that has not begun or was cancelled', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    await scheduled(fixture, weekly(nextTuesday()));
    const [first] = await sessions(fixture);
    const early = await call(fixture.maya, 'PUT', `/api/groups/${fixture.groupId}/sessions/${first!.id}/attendance`, {
      marks: [{ memberId: fixture.members[0]!.memberId, status: 'present' }],
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toMatch(/opens 15 minutes before/);
  });

  it('sends reminders once each, at the nearest due time, not to people who turned them off', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam', 'Ria'] });
    await scheduled(fixture, weekly(nextTuesday()));
    const [first] = await sessions(fixture);
    const start = Date.parse(first!.startsAt);
    const off = await call(fixture.members[1]!.person, 'PUT', `/api/my/groups/${fixture.groupId}/reminders`, {
      on: false,
    });
    expect(off.json()).toEqual({ groupId: fixture.groupId, remindersOn: false });

    const reminders = () => outbox().filter((m) => m.subject.startsWith('Reminder:'));
    // Two days before: nothing is due.
    await t.current.app.jobs.runDue(new Date(start - 2 * 86_400_000));
    expect(reminders()).toHaveLength(0);
    // 23 hours before: the day-before reminder, to Sam and Maya only.
    await t.current.app.jobs.runDue(new Date(start - 23 * 3_600_000));
    expect(
      reminders()
        .map((m) => m.to)
        .sort(),
    ).toEqual(['maya@harbour.test', 'sam@people.test']);
    // A second worker run in the same minute, and one a minute later, send nothing new.
    await t.current.app.jobs.runDue(new Date(start - 23 * 3_600_000));
    await t.current.app.jobs.runDue(new Date(start - 23 * 3_600_000 + 60_000));
    expect(reminders()).toHaveLength(2);
    // 50 minutes before: the hour-before one.
    await t.current.app.jobs.runDue(new Date(start - 50 * 60_000));
    expect(reminders()).toHaveLength(4);
    const text = reminders()[0]!.text;
    expect(text).toMatch(/Tuesday, \w+ \d+ at 6:00 PM \(United Kingdom Time\)/);
    expect(text).toContain('the link appears in Hearth 15 minutes before');
    expect(text).not.toContain('meet.example.org');
  });

  it('shows a member the meeting link only from 15 minutes before until the end', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    const soon = DateTime.now().setZone('Europe/London').plus({ minutes: 10 }).startOf('minute');
    const later = soon.plus({ days: 2 });
    for (const at of [soon, later]) {
      const added = await call(fixture.maya, 'POST', `/api/groups/${fixture.groupId}/sessions`, {
        startsAt: localText(at),
        durationMinutes: 60,
      });
      expect(added.statusCode, added.body).toBe(201);
    }
    const mine = (await call(fixture.members[0]!.person, 'GET', '/api/my/sessions')).json();
    expect(mine.upcoming).toHaveLength(2);
    expect(mine.upcoming[0].videoLink).toBe('https://meet.example.org/skills-circle');
    expect(mine.upcoming[1].videoLink).toBeNull();
    expect(mine.upcoming[1].videoLinkOpensAt).toBe(later.minus({ minutes: 15 }).toUTC().toISO());
    expect(mine.groups).toEqual([{ id: fixture.groupId, name: 'Tuesday Skills Circle', remindersOn: true }]);
  });

  it('serves a private iCalendar feed that a calendar parser reads, with zones, cancellations and stable UIDs', async () => {
    // New York: UTC and local times differ all year, so a zone mistake cannot hide.
    const fixture = await groupWithMembers(t.current, {
      members: ['Sam'],
      meetingMode: 'in-person',
      timeZone: 'America/New_York',
    });
    await scheduled(fixture, weekly(nextTuesday('America/New_York'), { rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=6' }));
    const [first] = await sessions(fixture);
    await call(fixture.maya, 'PUT', `/api/groups/${fixture.groupId}/sessions/${first!.id}/cancellation`, {
      note: 'Room unavailable.',
    });
    const sam = fixture.members[0]!.person;
    expect((await call(sam, 'GET', '/api/me/calendar-feed')).json().active).toBe(false);
    const made = await call(sam, 'POST', '/api/me/calendar-feed');
    expect(made.statusCode).toBe(201);
    const url = new URL(made.json().url as string);
    const feed = await call(null, 'GET', `${url.pathname}${url.search}`);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');

    const calendar = new ICAL.Component(ICAL.parse(feed.body));
    const zones = calendar.getAllSubcomponents('vtimezone');
    expect(zones.map((z) => z.getFirstPropertyValue('tzid'))).toEqual(['America/New_York']);
    for (const z of zones) ICAL.TimezoneService.register(z);
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(6);
    expect(events[0]!.uid).toBe(`${first!.id}@localhost`);
    expect(events[0]!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(events[1]!.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(events[1]!.startDate.zone.tzid).toBe('America/New_York');
    expect(feed.body).toMatch(/DTSTART;TZID=America\/New_York:\d{8}T180000/);
    expect(events[1]!.startDate.hour).toBe(18);
    expect(events[1]!.startDate.toJSDate().toISOString()).toBe((await sessions(fixture))[1]!.startsAt);
    expect(events[1]!.location).toBe('Room 2, 14 Harbour Street');
    expect(feed.body).not.toContain('sam@people.test');

    // The same UIDs on the next read; a new address turns the old one off; turning off ends it.
    const again = await call(null, 'GET', `${url.pathname}${url.search}`);
    const uids = (text: string) =>
      new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('uid'));
    expect(uids(again.body)).toEqual(uids(feed.body));
    expect((await call(sam, 'GET', '/api/me/calendar-feed')).json().lastReadAt).not.toBeNull();
    const rotated = new URL((await call(sam, 'POST', '/api/me/calendar-feed')).json().url as string);
    expect((await call(null, 'GET', `${url.pathname}${url.search}`)).statusCode).toBe(404);
    expect((await call(null, 'GET', `${rotated.pathname}${rotated.search}`)).statusCode).toBe(200);
    expect((await call(sam, 'DELETE', '/api/me/calendar-feed')).statusCode).toBe(204);
    const revoked = await call(null, 'GET', `${rotated.pathname}${rotated.search}`);
    expect(revoked.statusCode).toBe(404);
    expect(revoked.headers['content-type']).toContain('application/problem+json');
    expect((await call(null, 'GET', '/api/calendar/feed.ics')).statusCode).toBe(400);

    // The facilitator's feed holds the same sessions.
    const maya = new URL((await call(fixture.maya, 'POST', '/api/me/calendar-feed')).json().url as string);
    expect(uids((await call(null, 'GET', `${maya.pathname}${maya.search}`)).body)).toHaveLength(6);
  });

  it('shows a clinician an agenda of the sessions of every group they run', async () => {
    const fixture = await groupWithMembers(t.current, { members: ['Sam'] });
    await scheduled(fixture, weekly(nextTuesday()));
    const agenda = await call(fixture.maya, 'GET', '/api/agenda');
    expect(agenda.statusCode).toBe(200);
    expect(agenda.json().sessions.length).toBeGreaterThan(5);
    expect(agenda.json().sessions[0]).toMatchObject({ groupName: 'Tuesday Skills Circle', timeZone: 'Europe/London' });
    const wide = await call(fixture.maya, 'GET', '/api/agenda?from=2027-01-01T00:00:00Z&to=2028-01-01T00:00:00Z');
    expect(wide.statusCode).toBe(400);
    expect(wide.json().errors[0].field).toBe('query.to');
  });
});
