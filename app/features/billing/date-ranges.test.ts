import { describe, expect, it } from 'vitest';
import { thisMonth, thisYear } from './date-ranges.js';

// Instants chosen where the viewer's date and the UTC date differ, so a range taken from the wrong
// clock cannot pass whatever zone the tests run in.
describe('the first ranges of the billing forms, in the viewer’s own days', () => {
  it('ends today where the viewer is, east of Greenwich on New Year’s morning', () => {
    // 09:00 on 1 January in Auckland is still 31 December in UTC.
    const newYearsMorning = new Date('2026-12-31T20:00:00Z');
    expect(thisYear(newYearsMorning, 'Pacific/Auckland')).toEqual({ from: '2027-01-01', to: '2027-01-01' });
    expect(thisMonth(newYearsMorning, 'Pacific/Auckland')).toEqual({ from: '2027-01-01', to: '2027-01-01' });
  });

  it('ends today where the viewer is, west of Greenwich on New Year’s Eve', () => {
    // 19:00 on 31 December in Los Angeles is already 1 January in UTC.
    const newYearsEve = new Date('2027-01-01T03:00:00Z');
    expect(thisYear(newYearsEve, 'America/Los_Angeles')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(thisMonth(newYearsEve, 'America/Los_Angeles')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  it('turns the month at the viewer’s midnight, in a zone off the hour', () => {
    // 05:15 on 1 March in Kathmandu (UTC+5:45) is 28 February in UTC.
    expect(thisMonth(new Date('2027-02-28T23:30:00Z'), 'Asia/Kathmandu')).toEqual({
      from: '2027-03-01',
      to: '2027-03-01',
    });
  });
});
