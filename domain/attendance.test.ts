import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ATTENDANCE_STATUSES,
  attendanceRate,
  completesUnexcusedRun,
  isExpectedAt,
  statusAt,
  type AttendanceStatus,
} from './attendance.js';

describe('attendance', () => {
  const history = [
    { toStatus: 'referred' as const, at: '2026-01-01T10:00:00.000Z' },
    { toStatus: 'admitted' as const, at: '2026-01-20T10:00:00.000Z' },
    { toStatus: 'active' as const, at: '2026-02-03T18:00:00.000Z' },
    { toStatus: 'on-leave' as const, at: '2026-03-01T09:00:00.000Z' },
    { toStatus: 'active' as const, at: '2026-03-20T09:00:00.000Z' },
    { toStatus: 'completed' as const, at: '2026-05-01T09:00:00.000Z' },
  ];

  it('expects a member only at sessions while they were active', () => {
    expect(statusAt(history, '2025-12-31T00:00:00.000Z')).toBeNull();
    expect(isExpectedAt(history, '2026-01-27T18:00:00.000Z')).toBe(false);
    // Joining at the very start of a session counts.
    expect(isExpectedAt(history, '2026-02-03T18:00:00.000Z')).toBe(true);
    expect(isExpectedAt(history, '2026-03-10T18:00:00.000Z')).toBe(false);
    expect(isExpectedAt(history, '2026-03-24T18:00:00.000Z')).toBe(true);
    expect(isExpectedAt(history, '2026-05-05T18:00:00.000Z')).toBe(false);
    // Order of the history does not matter.
    expect(isExpectedAt([...history].reverse(), '2026-03-24T18:00:00.000Z')).toBe(true);
  });

  it('counts late and leaving early as attended, and excused absences as sessions', () => {
    expect(attendanceRate(['present', 'late', 'left-early', 'absent-excused', 'absent-unexcused'])).toEqual({
      recorded: 5,
      attended: 3,
      excused: 1,
      unexcused: 1,
      rate: 0.6,
    });
    expect(attendanceRate([]).rate).toBeNull();
  });

  it('raises the unexcused-absence alert once per run of two', () => {
    expect(completesUnexcusedRun(['absent-unexcused'])).toBe(false);
    expect(completesUnexcusedRun(['present', 'absent-unexcused', 'absent-unexcused'])).toBe(true);
    expect(completesUnexcusedRun(['absent-unexcused', 'absent-unexcused'])).toBe(true);
    expect(completesUnexcusedRun(['absent-unexcused', 'absent-unexcused', 'absent-unexcused'])).toBe(false);
    expect(completesUnexcusedRun(['absent-unexcused', 'absent-excused', 'absent-unexcused'])).toBe(false);
  });

  it('raises exactly one alert for every run of two or more unexcused absences (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<AttendanceStatus>(...ATTENDANCE_STATUSES), { maxLength: 40 }), (marks) => {
        const alerts = marks.filter((_, i) => completesUnexcusedRun(marks.slice(0, i + 1))).length;
        const runs = marks
          .map((m) => (m === 'absent-unexcused' ? 'x' : '.'))
          .join('')
          .split('.')
          .filter((run) => run.length >= 2).length;
        expect(alerts).toBe(runs);
        const rate = attendanceRate(marks);
        expect(rate.attended + rate.excused + rate.unexcused).toBe(rate.recorded);
      }),
    );
  });
});
