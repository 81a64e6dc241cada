import { describe, expect, it } from 'vitest';
import { addDays, addYears } from './retention.js';

describe('retention periods', () => {
  it('adds whole years, keeping the day, and moves 29 February to the 28th', () => {
    expect(addYears('2026-03-10T12:00:00.000Z', 7)).toBe('2033-03-10T12:00:00.000Z');
    expect(addYears('2028-02-29T09:00:00.000Z', 1)).toBe('2029-02-28T09:00:00.000Z');
  });

  it('adds days', () => {
    expect(addDays('2026-11-01T00:00:00.000Z', 30)).toBe('2026-12-01T00:00:00.000Z');
  });
});
