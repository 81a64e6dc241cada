import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { expandRule, isOpenEnded, localToInstant, ruleProblem, type ScheduleRule } from './recurrence.js';
import { choiceFromRule, ruleFromChoice, ScheduleLimit } from './schedule.js';

const weekly = (over: Partial<ScheduleRule> = {}): ScheduleRule => ({
  rrule: 'FREQ=WEEKLY;BYDAY=TU',
  firstStart: '2026-10-06T18:00',
  durationMinutes: 90,
  timeZone: 'Europe/London',
  ...over,
});

const local = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone });

describe('schedule rules', () => {
  it('keeps a weekly 18:00 group at 18:00 local time on both sides of a daylight-saving change', () => {
    // The UK leaves summer time on 25 October 2026.
    const sessions = expandRule(weekly(), new Date('2026-10-01T00:00:00Z'), new Date('2026-11-10T00:00:00Z'));
    expect(sessions.map((s) => s.startsAt.toISOString())).toEqual([
      '2026-10-06T17:00:00.000Z',
      '2026-10-13T17:00:00.000Z',
      '2026-10-20T17:00:00.000Z',
      '2026-10-27T18:00:00.000Z',
      '2026-11-03T18:00:00.000Z',
    ]);
    for (const s of sessions) expect(local(s.startsAt, 'Europe/London').toFormat('HH:mm')).toBe('18:00');
    expect(sessions[0]!.endsAt.getTime() - sessions[0]!.startsAt.getTime()).toBe(90 * 60_000);
  });

  it('does the same into summer time, in a zone south of the equator too', () => {
    const ny = expandRule(
      weekly({ timeZone: 'America/New_York', firstStart: '2027-03-02T18:00' }),
      new Date('2027-03-01T00:00:00Z'),
      new Date('2027-03-20T00:00:00Z'),
    );
    // New York moves to summer time on 14 March 2027: 23:00Z, then 22:00Z.
    expect(ny.map((s) => s.startsAt.toISOString())).toEqual([
      '2027-03-02T23:00:00.000Z',
      '2027-03-09T23:00:00.000Z',
      '2027-03-16T22:00:00.000Z',
    ]);
    const sydney = expandRule(
      weekly({ timeZone: 'Australia/Sydney', firstStart: '2026-09-29T18:00' }),
      new Date('2026-09-28T00:00:00Z'),
      new Date('2026-10-10T00:00:00Z'),
    );
    for (const s of sydney) expect(local(s.startsAt, 'Australia/Sydney').toFormat('ccc HH:mm')).toBe('Tue 18:00');
    expect(new Set(sydney.map((s) => local(s.startsAt, 'Australia/Sydney').offset)).size).toBe(2);
  });

  it('moves a start in the spring-forward gap forward by the gap', () => {
    const [session] = expandRule(
      weekly({ rrule: 'FREQ=DAILY;COUNT=1', firstStart: '2027-03-28T01:30' }),
      new Date('2027-03-27T00:00:00Z'),
      new Date('2027-03-29T00:00:00Z'),
    );
    expect(local(session!.startsAt, 'Europe/London').toFormat('HH:mm')).toBe('02:30');
  });

  it('includes the end date’s own session', () => {
    const sessions = expandRule(
      weekly({ rrule: 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20261020' }),
      new Date('2026-01-01T00:00:00Z'),
      new Date('2027-01-01T00:00:00Z'),
    );
    expect(sessions).toHaveLength(3);
  });

  it.each([
    ['FREQ=WEEKLY;BYDAY=TU;COUNT=10000', 'rrule', /from 1 to 520/],
    ['FREQ=DAILY;UNTIL=20400101', 'rrule', /more than 520/],
    ['FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2', 'rrule', /part of a repeat rule/],
    ['FREQ=MONTHLY;BYMONTHDAY=30;BYSETPOS=5', 'rrule', /no session dates/],
    ['FREQ=WEEKLY;UNTIL=20200101', 'rrule', /no session dates/],
    ['FREQ=MINUTELY', 'rrule', /daily, weekly or monthly/],
    ['FREQ=WEEKLY;BYDAY=XX', 'rrule', /Days are written/],
    ['garbage', 'rrule', /not a part/],
    ['FREQ=WEEKLY;COUNT=3;UNTIL=20270101', 'rrule', /not both/],
    ['FREQ=WEEKLY;INTERVAL=0', 'rrule', /interval/],
  ])('refuses %s', (rrule, field, message) => {
    const problem = ruleProblem(weekly({ rrule }));
    expect(problem?.field).toBe(field);
    expect(problem?.message).toMatch(message);
  });

  it('refuses an unknown zone, a bad start and an odd length', () => {
    expect(ruleProblem(weekly({ timeZone: 'Mars/Olympus' }))?.field).toBe('timeZone');
    expect(ruleProblem(weekly({ firstStart: '2026-02-30T18:00' }))?.field).toBe('firstStart');
    expect(ruleProblem(weekly({ firstStart: 'tuesday' }))?.field).toBe('firstStart');
    expect(ruleProblem(weekly({ durationMinutes: 5 }))?.field).toBe('durationMinutes');
    expect(ruleProblem(weekly())).toBeNull();
  });

  it('expands a rule without an end only within the window asked for', () => {
    expect(isOpenEnded(weekly())).toBe(true);
    expect(isOpenEnded(weekly({ rrule: 'FREQ=WEEKLY;COUNT=3' }))).toBe(false);
    const year = expandRule(weekly(), new Date('2026-10-01T00:00:00Z'), new Date('2027-10-01T00:00:00Z'));
    expect(year.length).toBeLessThanOrEqual(53);
    expect(year.length).toBeGreaterThanOrEqual(51);
  });

  it('reads a local time in a zone, and refuses one that is not a time', () => {
    expect(localToInstant('2026-07-01T18:00', 'Europe/London')?.toISOString()).toBe('2026-07-01T17:00:00.000Z');
    expect(localToInstant('2026-13-01T18:00', 'Europe/London')).toBeNull();
  });
});

describe('schedule rules, for any zone, day and time (property)', () => {
  const zones = ['Europe/London', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'Pacific/Auckland', 'UTC'];
  const days = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

  it('keeps every weekly session on its weekday at its local time, 7 days apart, in order', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 6 }),
        // Hours 04–23: no zone here changes its clocks then, so every local time exists.
        fc.integer({ min: 4, max: 23 }),
        fc.constantFrom(0, 15, 30, 45),
        fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 3 }),
        (zone, dayIndex, hour, minute, start, interval) => {
          const startLocal = DateTime.fromJSDate(start, { zone }).set({ hour, minute });
          const rule: ScheduleRule = {
            rrule: `FREQ=WEEKLY;INTERVAL=${interval};BYDAY=${days[dayIndex]}`,
            firstStart: startLocal.toFormat("yyyy-MM-dd'T'HH:mm"),
            durationMinutes: 60,
            timeZone: zone,
          };
          expect(ruleProblem(rule)).toBeNull();
          const from = startLocal.startOf('day').toJSDate();
          const to = startLocal.plus({ weeks: 60 }).toJSDate();
          const sessions = expandRule(rule, from, to);
          expect(sessions.length).toBeGreaterThan(0);
          let previous: DateTime | undefined;
          for (const s of sessions) {
            const at = local(s.startsAt, zone);
            expect(at.hour).toBe(hour);
            expect(at.minute).toBe(minute);
            expect(at.weekday).toBe(dayIndex + 1);
            expect(s.startsAt >= from && s.startsAt < to).toBe(true);
            if (previous) expect(at.startOf('day').diff(previous.startOf('day'), 'days').days).toBe(7 * interval);
            previous = at;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same sessions whether a window is expanded whole or in pieces', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 1, max: 200 }),
        fc.constantFrom('FREQ=WEEKLY;BYDAY=MO,TH', 'FREQ=DAILY', 'FREQ=MONTHLY;BYDAY=1WE', 'FREQ=WEEKLY;INTERVAL=2'),
        (zone, splitDay, rrule) => {
          const rule: ScheduleRule = { rrule, firstStart: '2026-01-05T19:30', durationMinutes: 60, timeZone: zone };
          const from = new Date('2026-01-01T00:00:00Z');
          const to = new Date('2026-12-31T00:00:00Z');
          const split = new Date(from.getTime() + splitDay * 86_400_000 + 3_600_000 * 7);
          const whole = expandRule(rule, from, to).map((s) => s.startsAt.getTime());
          const pieces = [...expandRule(rule, from, split), ...expandRule(rule, split, to)].map((s) =>
            s.startsAt.getTime(),
          );
          expect(pieces).toEqual(whole);
          expect(whole.length).toBeLessThanOrEqual(ScheduleLimit.maxSessions);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('the schedule form’s rules', () => {
  const base = {
    firstDate: '2027-01-12',
    time: '18:00',
    ends: 'never' as const,
    count: 12,
    until: '',
    custom: '',
  };

  it('builds weekly, fortnightly and monthly rules on the first session’s weekday', () => {
    expect(ruleFromChoice({ ...base, repeat: 'weekly' })).toBe('FREQ=WEEKLY;BYDAY=TU');
    expect(ruleFromChoice({ ...base, repeat: 'fortnightly', ends: 'after', count: 8 })).toBe(
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=8',
    );
    expect(ruleFromChoice({ ...base, repeat: 'monthly', ends: 'on', until: '2027-06-30' })).toBe(
      'FREQ=MONTHLY;BYDAY=2TU;UNTIL=20270630',
    );
    expect(ruleFromChoice({ ...base, firstDate: '2027-03-30', repeat: 'monthly' })).toBe('FREQ=MONTHLY;BYDAY=-1TU');
  });

  it('reads back every rule it builds, and anything else as a custom rule', () => {
    for (const repeat of ['weekly', 'fortnightly', 'monthly'] as const)
      for (const ends of ['never', 'after', 'on'] as const) {
        const choice = { ...base, repeat, ends, until: ends === 'on' ? '2027-06-30' : '' };
        const rule = ruleFromChoice(choice);
        const back = choiceFromRule(rule, '2027-01-12T18:00');
        expect(back.repeat).toBe(repeat);
        expect(ruleFromChoice(back)).toBe(rule);
      }
    expect(choiceFromRule('FREQ=WEEKLY;BYDAY=MO,TH', '2027-01-11T10:00')).toMatchObject({
      repeat: 'custom',
      custom: 'FREQ=WEEKLY;BYDAY=MO,TH',
      time: '10:00',
    });
  });
});
