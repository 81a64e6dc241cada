import { describe, expect, it } from 'vitest';
import { createFormat, dayStartsAt, localInZone } from './format.js';

const NOW = Date.parse('2026-11-10T12:00:00Z');
const inHours = (hours: number) => new Date(NOW + hours * 3_600_000).toISOString();

describe('dates and times in the reader’s language and zone', () => {
  it('says how far away a time is, in words, in each language', () => {
    const es = createFormat('es', 'America/Los_Angeles');
    const en = createFormat('en', 'America/Los_Angeles');
    expect(es.relative(inHours(2), NOW)).toBe('dentro de 2 horas');
    expect(en.relative(inHours(2), NOW)).toBe('in 2 hours');
    expect(es.relative(inHours(-24), NOW)).toBe('ayer');
    expect(en.relative(inHours(72), NOW)).toBe('in 3 days');
    // Days by the reader's calendar: 04:00 in Los Angeles, so 43 hours on is 23:00 tomorrow and 45 hours
    // on is 01:00 the day after; 26 hours back is 02:00 yesterday, 29 hours back 23:00 the day before.
    expect(en.relative(inHours(43), NOW)).toBe('tomorrow');
    expect(en.relative(inHours(45), NOW)).toBe('in 2 days');
    expect(es.relative(inHours(-26), NOW)).toBe('ayer');
    expect(es.relative(inHours(-29), NOW)).toBe('anteayer');
    expect(es.relative(new Date(NOW + 5 * 60_000).toISOString(), NOW)).toBe('dentro de 5 minutos');
  });

  it('shows a member a session in their own zone, naming it when it is not the group’s', () => {
    // 18:00 in London on 10 November is 10:00 in Los Angeles.
    const member = createFormat('es', 'America/Los_Angeles');
    const shown = member.sessionTime('2026-11-10T18:00:00Z', '2026-11-10T19:30:00Z', {
      groupZone: 'Europe/London',
      shownIn: 'viewer',
    });
    expect(shown).toMatch(/10:00.*11:30/);
    expect(shown).toMatch(/GMT-8|PST/);
  });

  it('shows staff the group’s clock, naming the group’s zone when they are elsewhere', () => {
    const staff = createFormat('en-GB', 'America/New_York');
    const shown = staff.sessionTime('2026-11-10T18:00:00Z', undefined, {
      groupZone: 'Europe/London',
      shownIn: 'group',
    });
    expect(shown).toMatch(/18:00 GMT$/);
  });

  it('names no zone when the viewer is where the group meets', () => {
    const local = createFormat('es', 'Europe/London');
    const shown = local.sessionTime('2026-11-10T18:00:00Z', undefined, {
      groupZone: 'Europe/London',
      shownIn: 'viewer',
    });
    expect(shown).toMatch(/18:00$/);
  });

  it('joins lists and writes numbers the way each language does', () => {
    expect(createFormat('es').list(['Ana', 'Bo', 'Cy'])).toBe('Ana, Bo y Cy');
    expect(createFormat('en').list(['Ana', 'Bo', 'Cy'])).toBe('Ana, Bo, and Cy');
    expect(createFormat('es').number(1234.5)).toMatch(/^1[.\u00a0]?234,5$/);
  });
});

describe('the instant a day begins where the viewer is', () => {
  it('is that zone’s midnight, not UTC’s', () => {
    expect(dayStartsAt('2026-11-26', 'America/Los_Angeles')).toBe('2026-11-26T08:00:00.000Z');
    expect(dayStartsAt('2026-11-26', 'Asia/Kathmandu')).toBe('2026-11-25T18:15:00.000Z');
    expect(dayStartsAt('2026-11-26', 'Pacific/Kiritimati')).toBe('2026-11-25T10:00:00.000Z');
    expect(dayStartsAt('2026-11-26', 'UTC')).toBe('2026-11-26T00:00:00.000Z');
  });

  it('follows the clocks on the days they change', () => {
    // Los Angeles leaves summer time at 02:00 on 1 November 2026: that day begins on summer time, the next on winter.
    expect(dayStartsAt('2026-11-01', 'America/Los_Angeles')).toBe('2026-11-01T07:00:00.000Z');
    expect(dayStartsAt('2026-11-02', 'America/Los_Angeles')).toBe('2026-11-02T08:00:00.000Z');
    // London moves forward at 01:00 on 28 March 2027: that day begins on GMT, the next on BST.
    expect(dayStartsAt('2027-03-28', 'Europe/London')).toBe('2027-03-28T00:00:00.000Z');
    expect(dayStartsAt('2027-03-29', 'Europe/London')).toBe('2027-03-28T23:00:00.000Z');
    // Across the year's end, in a zone ahead of UTC.
    expect(dayStartsAt('2027-01-01', 'Pacific/Auckland')).toBe('2026-12-31T11:00:00.000Z');
  });

  it('is midnight there on every day of two years, in zones either side of UTC and off the hour', () => {
    const zones = ['America/Los_Angeles', 'America/Adak', 'Europe/London', 'Asia/Kathmandu', 'Pacific/Chatham'];
    const wrong = [];
    for (const zone of zones)
      for (let day = Date.UTC(2026, 0, 1); day < Date.UTC(2028, 0, 1); day += 86_400_000) {
        const date = new Date(day).toISOString().slice(0, 10);
        const local = localInZone(dayStartsAt(date, zone), zone);
        if (local.date !== date || local.time !== '00:00') wrong.push(`${zone} ${date}: ${local.date} ${local.time}`);
      }
    expect(wrong).toEqual([]);
  });
});
