import { z } from 'zod';
import { ATTENDANCE_STATUSES, AttendanceNoteLimit } from '../../../domain/attendance.js';

const Mark = z.object({
  memberId: z.string().min(1).max(64),
  status: z.enum(ATTENDANCE_STATUSES, { error: 'problem.attendance.status' }),
  note: z.string().trim().max(AttendanceNoteLimit.max, 'problem.field.atMostCharacters').optional(),
});

export const RecordAttendanceBodySchema = z.object({
  marks: z
    .array(Mark)
    .min(1, 'problem.attendance.markSomeone')
    .max(200)
    .refine((marks) => new Set(marks.map((m) => m.memberId)).size === marks.length, 'problem.attendance.markOnce'),
});
export type RecordAttendanceBody = z.infer<typeof RecordAttendanceBodySchema>;

export const AttendanceSheetSchema = z.object({
  session: z.object({
    id: z.string(),
    groupId: z.string(),
    groupName: z.string(),
    timeZone: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    status: z.enum(['scheduled', 'cancelled']),
    /** Attendance can be taken from shortly before the start. */
    opensAt: z.string(),
  }),
  entries: z.array(
    z.object({
      memberId: z.string(),
      name: z.string(),
      displayName: z.string().nullable(),
      status: z.enum(ATTENDANCE_STATUSES).nullable(),
      note: z.string().nullable(),
    }),
  ),
});

const Rate = z.object({
  recorded: z.number(),
  attended: z.number(),
  excused: z.number(),
  unexcused: z.number(),
  rate: z.number().nullable(),
});

export const AttendanceSummarySchema = z.object({
  group: Rate,
  members: z.array(
    z
      .object({ memberId: z.string(), name: z.string(), displayName: z.string().nullable(), status: z.string() })
      .extend(Rate.shape),
  ),
});
