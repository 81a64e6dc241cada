import { translator } from '../../platform/i18n.js';
import crypto from 'node:crypto';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { VIDEO_LINK_OPENS_MINUTES } from '../../../domain/schedule.js';
import type { Database } from '../../db/connect.js';
import { toInstant } from '../../db/instant.js';
import type { AuditEntry, AuditLog } from '../../platform/audit/audit-log.js';
import { actorOf } from '../../platform/audit/request-context.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import { tokenHash } from '../../platform/crypto/token-hash.js';
import { HttpProblem } from '../../platform/problem.js';
import { listSessions } from '../schedule/schedule.repository.js';
import {
  activeFeed,
  calendarGroupIds,
  feedByTokenHash,
  insertFeed,
  markRead,
  revokeFeeds,
} from './calendar.repository.js';

export interface CalendarContext {
  database: Database;
  audit: AuditLog;
  publicUrl: string;
}

type Origin = Pick<AuditEntry, 'ip' | 'userAgent'>;

const DAY_MS = 86_400_000;

/** Whether the viewer has a feed, without its secret (shown once, when made). */
export async function myFeed(context: CalendarContext, viewer: Viewer) {
  const feed = await activeFeed(context.database.db, viewer.practiceId, viewer.userId);
  return {
    active: Boolean(feed),
    createdAt: feed ? toInstant(feed.createdAt) : null,
    lastReadAt: feed?.lastReadAt ? toInstant(feed.lastReadAt) : null,
  };
}

/** Makes a new private feed address, turning off any earlier one; the address is shown this once. */
export async function newFeed(context: CalendarContext, viewer: Viewer, origin: Origin) {
  const token = crypto.randomBytes(32).toString('base64url');
  const now = new Date().toISOString();
  await context.database.db.transaction().execute(async (trx) => {
    await revokeFeeds(trx, viewer.practiceId, viewer.userId, now);
    await insertFeed(trx, {
      id: crypto.randomUUID(),
      practiceId: viewer.practiceId,
      userId: viewer.userId,
      tokenHash: tokenHash(token),
      createdAt: now,
    });
    await context.audit.record(trx, { action: 'calendar.feed_created', ...actorOf(viewer), ...origin });
  });
  return { url: `${context.publicUrl}/api/calendar/feed.ics?token=${token}`, createdAt: now };
}

/** Turns the viewer's feed off: calendar apps stop getting updates at once. */
export async function revokeFeed(context: CalendarContext, viewer: Viewer, origin: Origin) {
  await context.database.db.transaction().execute(async (trx) => {
    const revoked = await revokeFeeds(trx, viewer.practiceId, viewer.userId, new Date().toISOString());
    if (revoked === 0) throw new HttpProblem(404, 'You have no calendar feed to turn off.');
    await context.audit.record(trx, { action: 'calendar.feed_revoked', ...actorOf(viewer), ...origin });
  });
}

/** The VTIMEZONE block for a zone, so calendar apps place each session correctly. */
function vtimezone(zone: string): string | null {
  const block = tzlib_get_ical_block(zone);
  return Array.isArray(block) && block[0] ? block[0] : null;
}

/**
 * The iCalendar text a feed's secret opens: the sessions of the person's groups from 60 days ago
 * to a year ahead, cancelled ones marked CANCELLED, each with a UID that never changes. Events
 * name the group and place only: no meeting link (members see it in Hearth shortly before) and
 * nobody else's name.
 */
export async function feedText(context: CalendarContext, token: string, now = new Date()): Promise<string> {
  const db = context.database.db;
  const feed = token.length >= 20 && token.length <= 100 ? await feedByTokenHash(db, tokenHash(token)) : undefined;
  if (!feed) throw new HttpProblem(404, 'This calendar address is not in use. Make a new one in Hearth.');
  const groupIds = await calendarGroupIds(db, feed.practiceId, feed.userId);
  const sessions = await listSessions(
    db,
    groupIds,
    new Date(now.getTime() - 60 * DAY_MS).toISOString(),
    new Date(now.getTime() + 366 * DAY_MS).toISOString(),
  );
  await markRead(db, feed.id, now.toISOString());
  const t = translator(feed.locale);
  const calendar = ical({
    name: t.t('calendar.name'),
    prodId: { company: 'Hearth', product: 'Hearth', language: t.locale.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    timezone: { name: null, generator: vtimezone },
    ttl: 3600,
  });
  const host = new URL(context.publicUrl).hostname;
  const page = feed.role === 'member' ? `${context.publicUrl}/sessions` : `${context.publicUrl}/agenda`;
  for (const s of sessions) {
    const online = s.meetingMode !== 'in-person';
    const lines = [
      online ? t.t('calendar.online', { minutes: VIDEO_LINK_OPENS_MINUTES }) : null,
      s.noteForMembers ? t.t('mail.session.noteForMembers', { note: s.noteForMembers }) : null,
      s.status === 'cancelled' && s.cancelNote ? t.t('calendar.cancelNote', { note: s.cancelNote }) : null,
      page,
    ].filter(Boolean);
    calendar.createEvent({
      id: `${s.id}@${host}`,
      // Luxon times in the group's zone: ical-generator writes their local time under that TZID.
      start: DateTime.fromISO(toInstant(s.startsAt), { zone: s.timeZone }),
      end: DateTime.fromISO(toInstant(s.endsAt), { zone: s.timeZone }),
      timezone: s.timeZone,
      summary: s.status === 'cancelled' ? t.t('calendar.cancelled', { group: s.groupName }) : s.groupName,
      description: lines.join('\n'),
      location: s.meetingMode === 'online' ? t.t('calendar.location.online') : s.place,
      status: s.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      sequence: s.sequence,
      stamp: new Date(toInstant(s.updatedAt)),
      url: page,
    });
  }
  return calendar.toString();
}
