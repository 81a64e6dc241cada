import type { ScheduleRule } from '../../../domain/recurrence.js';
import { translator } from '../../platform/i18n.js';
import { describeSchedule } from '../schedule/schedule-words.js';
import { DEFAULT_REMINDER_MINUTES, REMINDER_CHOICES } from '../../../domain/schedule.js';
import type { Database } from '../../db/connect.js';
import { toInstant } from '../../db/instant.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import { HttpProblem } from '../../platform/problem.js';
import { actingMember } from '../membership/acting-member.js';
import { facilitatorsOf, findGroup } from '../groups/groups.repository.js';
import { findSession } from '../schedule/schedule.repository.js';
import { extendSchedules, type SessionChange } from '../schedule/schedule.service.js';
import { recipientsOf, sessionsStartingBetween, setReminderOptOut } from './reminders.repository.js';
import { sessionMail, type SessionMailType } from './session-mail.js';

export interface RemindersContext {
  database: Database;
  jobs: JobQueue;
  publicUrl: string;
}

const LONGEST_REMINDER_MS = Math.max(...REMINDER_CHOICES) * 60_000;

/**
 * Registers the timed work around sessions on the job queue. Every message is its own `mail.send`
 * job with a key naming the session, its start, the reminder time and the person, so however often
 * the sweep runs, on however many instances, each person gets each reminder once.
 */
export function registerSessionJobs(context: RemindersContext): void {
  const { jobs, database } = context;

  // Each minute: for every session inside the longest reminder time, the latest reminder that is
  // due. One missed while the server was down is skipped when a nearer one is due already.
  jobs.every('reminders.sweep', 60_000, async (_payload, now) => {
    const sessions = await sessionsStartingBetween(
      database.db,
      now.toISOString(),
      new Date(now.getTime() + LONGEST_REMINDER_MS).toISOString(),
    );
    for (const s of sessions) {
      const startsAt = toInstant(s.startsAt);
      const minutes = s.reminderMinutes ? (JSON.parse(s.reminderMinutes) as number[]) : DEFAULT_REMINDER_MINUTES;
      const due = minutes.filter((m) => Date.parse(startsAt) - m * 60_000 <= now.getTime());
      if (due.length === 0) continue;
      const offset = Math.min(...due);
      await jobs.enqueue(database.db, {
        kind: 'sessions.remind',
        runAt: now,
        payload: { groupId: s.groupId, sessionId: s.id, startsAt, offset },
        dedupeKey: `remind:${s.id}:${startsAt}:${offset}`,
      });
    }
  });

  jobs.handle('sessions.remind', async (payload, now) => {
    const { groupId, sessionId, startsAt, offset } = payload as {
      groupId: string;
      sessionId: string;
      startsAt: string;
      offset: number;
    };
    await tellPeople(context, now, groupId, sessionId, { type: 'reminder', startsAt, offset });
  });

  jobs.handle('sessions.announce', async (payload, now) => {
    const { groupId, sessionId, change, previousStart } = payload as {
      groupId: string;
      sessionId: string;
      change: SessionChange;
      previousStart?: string;
    };
    await tellPeople(context, now, groupId, sessionId, { type: change, previousStart });
  });

  // A whole schedule changed: one message each, not one per session.
  jobs.handle('sessions.rescheduled', async (payload, now) => {
    const groupId = String(payload.groupId);
    const group = await database.db
      .selectFrom('groups')
      .select(['name', 'practiceId'])
      .where('id', '=', groupId)
      .executeTakeFirst();
    if (!group) return;
    const rule = (payload.rule ?? null) as ScheduleRule | null;
    for (const person of await recipientsOf(database.db, groupId, false)) {
      const t = translator(person.locale);
      const page =
        person.role === 'member' ? `${context.publicUrl}/sessions` : `${context.publicUrl}/groups/${groupId}/sessions`;
      await jobs.enqueue(database.db, {
        kind: 'mail.send',
        runAt: now,
        payload: {
          to: person.email,
          practiceId: group.practiceId,
          subject: t.t('mail.rescheduled.subject', { group: group.name }),
          text: [
            t.t('mail.greeting', { name: person.name }),
            '',
            rule
              ? t.t('mail.rescheduled.changed', { group: group.name, schedule: describeSchedule(t, rule) })
              : t.t('mail.rescheduled.noRepeat', { group: group.name }),
            t.t('mail.rescheduled.kept'),
            '',
            t.t('mail.session.yourSessions', { link: page }),
          ].join('\n'),
        },
      });
    }
  });

  jobs.every('schedules.extend', 86_400_000, async (_payload, now) => {
    await extendSchedules(database, now);
  });
}

/**
 * Queues one e-mail per person about a session. A reminder whose session has since moved or been
 * cancelled is dropped: the move or cancellation sent its own notice.
 */
async function tellPeople(
  context: RemindersContext,
  now: Date,
  groupId: string,
  sessionId: string,
  about:
    | { type: Exclude<SessionMailType, 'reminder'>; previousStart?: string | undefined }
    | { type: 'reminder'; startsAt: string; offset: number },
): Promise<void> {
  const { database, jobs } = context;
  const session = await findSession(database.db, groupId, sessionId);
  if (!session) return;
  const startsAt = toInstant(session.startsAt);
  if (about.type === 'reminder' && (session.status !== 'scheduled' || startsAt !== about.startsAt)) return;
  const facts = {
    practiceId: session.practiceId,
    groupName: session.groupName,
    timeZone: session.timeZone,
    startsAt,
    meetingMode: session.meetingMode,
    place: session.place,
    noteForMembers: session.noteForMembers,
    cancelNote: session.cancelNote,
    previousStart: about.type === 'moved' ? about.previousStart : undefined,
  };
  // A reminder is one per person per reminder time; a notice one per person per change.
  const occasion = about.type === 'reminder' ? `${startsAt}:${about.offset}` : toInstant(session.updatedAt);
  for (const person of await recipientsOf(database.db, groupId, about.type === 'reminder')) {
    await jobs.enqueue(database.db, {
      kind: 'mail.send',
      runAt: now,
      payload: { ...sessionMail(about.type, facts, person, context.publicUrl) },
      dedupeKey: `mail:${about.type}:${sessionId}:${occasion}:${person.userId}`,
    });
  }
}

/** Turns a person's reminders for one group on or off: for its active members and its facilitators. */
export async function setMyReminders(context: RemindersContext, viewer: Viewer, groupId: string, on: boolean) {
  const db = context.database.db;
  if (!(await findGroup(db, viewer.practiceId, groupId)))
    throw new HttpProblem(404, 'There is no such group, or it is not one of yours.');
  const facilitates = (await facilitatorsOf(db, [groupId])).some((f) => f.userId === viewer.userId);
  if (!facilitates) await actingMember(db, viewer, groupId, 'reminders');
  await setReminderOptOut(db, viewer.userId, groupId, !on);
  return { groupId, remindersOn: on };
}
