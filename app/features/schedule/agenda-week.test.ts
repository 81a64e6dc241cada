import { describe, expect, it } from 'vitest';
import { agendaWeek, thisWeeksMonday } from './agenda-week.js';

// Local dates, as the agenda uses the viewer's own time zone. 28 November 2026 is a Saturday.
const day = (d: number, hour = 0) => new Date(2026, 10, d, hour);
const dates = (days: Date[]) => days.map((d) => `${d.getMonth() + 1}-${d.getDate()}`);

describe("the agenda's week", () => {
  it('is the current Monday-to-Sunday week on a weekday', () => {
    expect(thisWeeksMonday(day(25, 9))).toEqual(day(23));
    expect(thisWeeksMonday(day(23, 0))).toEqual(day(23));
    expect(thisWeeksMonday(day(27, 23))).toEqual(day(23));
    const week = agendaWeek(day(23), day(25, 9));
    expect(dates(week.days)).toEqual(['11-23', '11-24', '11-25', '11-26', '11-27', '11-28', '11-29']);
    expect([week.from, week.to]).toEqual([day(23), day(30)]);
  });

  it('on a Saturday is the coming week, led by the rest of the weekend', () => {
    const now = day(28, 10);
    expect(thisWeeksMonday(now)).toEqual(day(30));
    const week = agendaWeek(thisWeeksMonday(now), now);
    expect(dates(week.days)).toEqual(['11-28', '11-29', '11-30', '12-1', '12-2', '12-3', '12-4', '12-5', '12-6']);
    expect([week.from, week.to]).toEqual([day(28), new Date(2026, 11, 7)]);
  });

  it('on a Sunday is the coming week, led by the Sunday', () => {
    const now = day(29, 21);
    expect(thisWeeksMonday(now)).toEqual(day(30));
    const week = agendaWeek(thisWeeksMonday(now), now);
    expect(dates(week.days)).toEqual(['11-29', '11-30', '12-1', '12-2', '12-3', '12-4', '12-5', '12-6']);
    expect(week.from).toEqual(day(29));
  });

  it('shows the week just gone, on a weekend, only when asked for it, as its seven days', () => {
    const week = agendaWeek(day(23), day(29, 21));
    expect(dates(week.days)).toEqual(['11-23', '11-24', '11-25', '11-26', '11-27', '11-28', '11-29']);
    expect([week.from, week.to]).toEqual([day(23), day(30)]);
  });
});
