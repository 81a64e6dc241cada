import { describe, expect, it } from 'vitest';
import { digestDue, inQuietHours, minutesOf } from './space.js';

describe('group space rules', () => {
  it('reads times of day and quiet hours that wrap past midnight', () => {
    expect(minutesOf('22:30')).toBe(1350);
    expect(minutesOf('24:00')).toBeNull();
    expect(inQuietHours(23 * 60, '22:00', '08:00')).toBe(true);
    expect(inQuietHours(7 * 60, '22:00', '08:00')).toBe(true);
    expect(inQuietHours(8 * 60, '22:00', '08:00')).toBe(false);
    expect(inQuietHours(13 * 60, '12:00', '14:00')).toBe(true);
    expect(inQuietHours(13 * 60, null, '14:00')).toBe(false);
  });

  it('sends a digest at most once a day or once a week', () => {
    const now = new Date('2026-11-28T09:00:00Z');
    expect(digestDue('off', null, now)).toBe(false);
    expect(digestDue('daily', null, now)).toBe(true);
    expect(digestDue('daily', new Date('2026-11-27T09:30:00Z'), now)).toBe(true);
    expect(digestDue('daily', new Date('2026-11-28T01:00:00Z'), now)).toBe(false);
    expect(digestDue('weekly', new Date('2026-11-25T09:00:00Z'), now)).toBe(false);
    expect(digestDue('weekly', new Date('2026-11-21T09:00:00Z'), now)).toBe(true);
  });
});
