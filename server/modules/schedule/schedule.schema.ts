import { z } from 'zod';
import { ATTENDANCE_STATUSES } from '../../../domain/attendance.js';
import { instantField, localDateTimeField, wholeNumber } from '../../../domain/fields.js';
import { REMINDER_CHOICES, ScheduleLimit } from '../../../domain/schedule.js';

const Id = z.string().min(1).max(64);
export const SessionParamsSchema = z.object({ groupId: Id, sessionId: Id });

const LocalTime = localDateTimeField();
const Duration = wholeNumber(ScheduleLimit.durationMinutes, {
  missing: 'problem.schedule.field.duration',
  int: 'problem.field.wholeMinutes',
  min: 'problem.schedule.field.durationMin',
  max: 'problem.schedule.field.durationMax',
});
const NoteForMembers = z.string().trim().max(500, 'problem.field.atMostCharacters');
const VideoLink = z.url({ protocol: /^https$/, error: 'problem.field.meetingLink' }).max(500);

export const ScheduleBodySchema = z.object({
  /** An RFC 5545 RRULE body such as FREQ=WEEKLY;BYDAY=TU; null for no repeating sessions. */
  rrule: z.string().trim().min(1, 'problem.schedule.field.rrule').max(300, 'problem.field.atMostCharacters').nullable(),
  /** The first session's local date and time in the group's time zone. */
  firstStart: LocalTime.nullable(),
  durationMinutes: Duration,
  reminderMinutes: z
    .array(z.union(REMINDER_CHOICES.map((m) => z.literal(m))), {
      error: 'problem.schedule.field.reminderChoices',
    })
    .max(3, 'problem.schedule.field.remindersMax')
    .refine((list) => new Set(list).size === list.length, 'problem.schedule.field.remindersOnce'),
});
export type ScheduleBody = z.infer<typeof ScheduleBodySchema>;

export const ScheduleSchema = z.object({
  groupId: z.string(),
  timeZone: z.string(),
  rrule: z.string().nullable(),
  firstStart: z.string().nullable(),
  /** The rule in words, for example "every week on Tuesday". */
  description: z.string().nullable(),
  durationMinutes: z.number(),
  reminderMinutes: z.array(z.number()),
  /** When the first session still to come starts; sessions before today are never planned. */
  nextSessionAt: z.string().nullable(),
  /** Whether the viewer's own reminders for this group are on. */
  myRemindersOn: z.boolean(),
});

export const ExtraSessionBodySchema = z.object({
  startsAt: LocalTime,
  durationMinutes: Duration,
  noteForMembers: NoteForMembers.optional(),
  videoLink: VideoLink.nullable().optional(),
});

export const ChangeSessionBodySchema = z
  .object({
    /** A new local start in the group's time zone: the session moves. */
    startsAt: LocalTime,
    durationMinutes: Duration,
    noteForMembers: NoteForMembers.nullable(),
    videoLink: VideoLink.nullable(),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'problem.field.sayWhatToChange');

export const CancelBodySchema = z.object({
  note: z
    .string({ error: 'problem.schedule.field.cancelNote' })
    .trim()
    .min(1, 'problem.schedule.field.cancelNoteExample')
    .max(500, 'problem.field.atMostCharacters'),
});

export const WindowQuerySchema = z
  .object({
    from: instantField().optional(),
    to: instantField().optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    path: ['to'],
    message: 'problem.field.endAfterStart',
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.to) - Date.parse(q.from) <= 190 * 86_400_000, {
    path: ['to'],
    message: 'problem.schedule.field.window',
  });

export const StaffSessionSchema = z.object({
  id: z.string(),
  groupId: z.string(),
  groupName: z.string(),
  timeZone: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: z.enum(['scheduled', 'cancelled']),
  cancelNote: z.string().nullable(),
  noteForMembers: z.string().nullable(),
  meetingMode: z.string(),
  place: z.string().nullable(),
  videoLink: z.string().nullable(),
  /** Added by hand rather than by the repeat rule. */
  extra: z.boolean(),
  /** Moved from the time the rule gave it. */
  movedFrom: z.string().nullable(),
  attendance: z.object({ expected: z.number(), recorded: z.number() }),
});
export type StaffSession = z.infer<typeof StaffSessionSchema>;
export const StaffSessionListSchema = z.object({ sessions: z.array(StaffSessionSchema) });

export const MemberSessionSchema = z.object({
  id: z.string(),
  groupId: z.string(),
  groupName: z.string(),
  timeZone: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: z.enum(['scheduled', 'cancelled']),
  cancelNote: z.string().nullable(),
  noteForMembers: z.string().nullable(),
  meetingMode: z.string(),
  place: z.string().nullable(),
  /** Shown only from shortly before the session until it ends. */
  videoLink: z.string().nullable(),
  videoLinkOpensAt: z.string().nullable(),
  /** Added by hand, or moved from where the schedule put it: members see it marked. */
  extra: z.boolean(),
  moved: z.boolean(),
  /** Past sessions only: how the facilitator recorded this person's attendance. */
  myAttendance: z.enum(ATTENDANCE_STATUSES).nullable(),
});
export type MemberSession = z.infer<typeof MemberSessionSchema>;
export const MySessionsSchema = z.object({
  upcoming: z.array(MemberSessionSchema),
  past: z.array(MemberSessionSchema),
  /** The person's groups, with whether their reminders are on. */
  groups: z.array(z.object({ id: z.string(), name: z.string(), remindersOn: z.boolean() })),
});
