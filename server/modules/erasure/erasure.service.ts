import crypto from 'node:crypto';
import { addDays, addYears, ERASURE_DUE_DAYS, type RetentionSettings } from '../../../domain/retention.js';
import type { Database } from '../../db/connect.js';
import { isUniqueViolation } from '../../db/errors.js';
import { toInstant } from '../../db/instant.js';
import type { AuditEntry, AuditLog } from '../../platform/audit/audit-log.js';
import { actorOf } from '../../platform/audit/request-context.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import type { ClinicalCipher } from '../../platform/crypto/clinical-cipher.js';
import { sealedIn } from '../../platform/crypto/encrypted-columns.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import type { Translator } from '../../platform/i18n.js';
import { recipientTranslator } from '../../platform/mail/recipient-language.js';
import { HttpProblem } from '../../platform/problem.js';
import type { LiveSessions } from '../../platform/realtime/session-control.js';
import { retentionOf } from '../retention/retention.repository.js';
import { erasePerson } from './erase-person.js';
import {
  findRequest,
  lastClinicalRecordAt,
  latestRequestOf,
  listRequests,
  practiceAdmins,
  type RequestRow,
} from './erasure.repository.js';

export interface ErasureContext {
  database: Database;
  audit: AuditLog;
  cipher: ClinicalCipher;
  jobs: JobQueue;
  mailer: Mailer;
  liveSessions: LiveSessions;
  publicUrl: string;
}

type Origin = Pick<AuditEntry, 'ip' | 'userAgent'>;

/** Dates in e-mails: a day, written out, the same for every reader. */
/** A date in the reader's language: "6 December 2026" / "6 de diciembre de 2026". */
function day(t: Translator, iso: string): string {
  return new Date(iso).toLocaleDateString(t.locale === 'en' ? 'en-GB' : t.locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** The member's latest request, as they see it. */
export async function myErasure(context: ErasureContext, viewer: Viewer) {
  const row = await latestRequestOf(context.database.db, viewer.practiceId, viewer.userId);
  return { request: row ? presentForMember(row) : null };
}

type Row = NonNullable<Awaited<ReturnType<typeof latestRequestOf>>>;

function presentForMember(row: Row) {
  return {
    id: row.id,
    status: row.status as 'pending' | 'approved' | 'declined' | 'withdrawn',
    requestedAt: toInstant(row.requestedAt),
    dueAt: toInstant(row.dueAt),
    decidedAt: row.decidedAt ? toInstant(row.decidedAt) : null,
    declineReason: row.declineReason,
    retainUntil: row.retainUntil ? toInstant(row.retainUntil) : null,
  };
}

/**
 * A member asks to be erased. One request waits at a time; the practice's owners and admins are
 * told by e-mail, without the member's name or reason, which stay inside Hearth.
 */
export async function requestErasure(
  context: ErasureContext,
  viewer: Viewer,
  input: { reason?: string | undefined },
  origin: Origin,
) {
  const { db } = context.database;
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  const dueAt = addDays(now, ERASURE_DUE_DAYS);
  const alreadyAsked = new HttpProblem(409, 'problem.erasure.alreadyAsked');
  const latest = await latestRequestOf(db, viewer.practiceId, viewer.userId);
  if (latest?.status === 'pending') throw alreadyAsked;
  await db
    .transaction()
    .execute(async (trx) => {
      await trx
        .insertInto('erasureRequests')
        .values({
          id,
          practiceId: viewer.practiceId,
          userId: viewer.userId,
          status: 'pending',
          reason: input.reason ? context.cipher.encrypt(input.reason, sealedIn('erasureRequests.reason', id)) : null,
          requestedAt: now,
          dueAt,
        })
        .execute();
      for (const admin of await practiceAdmins(trx, viewer.practiceId)) {
        const t = await recipientTranslator(trx, { email: admin.email, practiceId: viewer.practiceId });
        await context.jobs.enqueue(trx, {
          kind: 'mail.send',
          payload: {
            to: admin.email,
            practiceId: viewer.practiceId,
            subject: t.t('mail.erasure.asked.subject', { practice: viewer.practiceName }),
            text: [
              t.t('mail.greeting', { name: admin.name }),
              '',
              t.t('mail.erasure.asked.body', {
                practice: viewer.practiceName,
                due: day(t, dueAt),
                days: ERASURE_DUE_DAYS,
                link: `${context.publicUrl}/erasure-requests`,
              }),
            ].join('\n'),
          },
        });
      }
      await context.audit.record(trx, {
        action: 'erasure.requested',
        ...actorOf(viewer),
        ...origin,
        subject: { type: 'erasure_request', id },
        detail: { withReason: Boolean(input.reason) },
        people: [viewer.userId],
      });
    })
    .catch((error: unknown) => {
      // Two requests at once: the index that allows one waiting request per person refused the second.
      if (isUniqueViolation(error)) throw alreadyAsked;
      throw error;
    });
  return myErasure(context, viewer);
}

/** The member withdraws their request while it waits; their reason is deleted with it. */
export async function withdrawErasure(context: ErasureContext, viewer: Viewer, origin: Origin) {
  await context.database.db.transaction().execute(async (trx) => {
    const latest = await latestRequestOf(trx, viewer.practiceId, viewer.userId);
    if (!latest || latest.status !== 'pending') throw new HttpProblem(409, 'problem.erasure.nothingToWithdraw');
    await trx
      .updateTable('erasureRequests')
      .set({ status: 'withdrawn', reason: null, decidedAt: new Date().toISOString() })
      .where('id', '=', latest.id)
      .where('status', '=', 'pending')
      .execute();
    await context.audit.record(trx, {
      action: 'erasure.withdrawn',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'erasure_request', id: latest.id },
      people: [viewer.userId],
    });
  });
  return myErasure(context, viewer);
}

/** The practice's requests for its admins, with the member's reason while it waits. */
export async function practiceRequests(context: ErasureContext, viewer: Viewer) {
  const now = new Date().toISOString();
  const rows = await listRequests(context.database.db, viewer.practiceId);
  return {
    requests: rows.map((row) => presentForAdmin(context, row, now)),
  };
}

function presentForAdmin(context: ErasureContext, row: Row & { person: string }, now: string) {
  const mine = presentForMember(row);
  return {
    ...mine,
    person: row.person,
    reason: row.reason ? context.cipher.decrypt(row.reason, sealedIn('erasureRequests.reason', row.id)) : null,
    overdue: row.status === 'pending' && mine.dueAt < now,
  };
}

/** Refuses a decision on a request that is no longer waiting (approving twice is not a decision). */
function refuseDecided(row: RequestRow): never {
  const words = {
    approved: 'problem.erasure.alreadyApproved',
    declined: 'problem.erasure.alreadyDeclined',
    withdrawn: 'problem.erasure.withdrawn',
  } as const;
  throw new HttpProblem(409, words[row.status as keyof typeof words] ?? 'problem.erasure.notWaiting');
}

/** Declines a waiting request; the member reads the reason (and is told by e-mail to look). */
export async function declineErasure(
  context: ErasureContext,
  viewer: Viewer,
  requestId: string,
  reason: string,
  origin: Origin,
) {
  await context.database.db.transaction().execute(async (trx) => {
    const row = await findRequest(trx, viewer.practiceId, requestId);
    if (!row) throw new HttpProblem(404, 'problem.erasure.notFound');
    if (row.status !== 'pending') refuseDecided(row);
    const now = new Date().toISOString();
    await trx
      .updateTable('erasureRequests')
      .set({ status: 'declined', declineReason: reason, decidedAt: now, decidedBy: viewer.userId, reason: null })
      .where('id', '=', requestId)
      .execute();
    const t = await recipientTranslator(trx, { email: row.email, practiceId: viewer.practiceId });
    await context.jobs.enqueue(trx, {
      kind: 'mail.send',
      payload: {
        to: row.email,
        practiceId: viewer.practiceId,
        subject: t.t('mail.erasure.declined.subject', { practice: viewer.practiceName }),
        text: [
          t.t('mail.greeting', { name: row.person }),
          '',
          t.t('mail.erasure.declined.body', { practice: viewer.practiceName, link: `${context.publicUrl}/my-data` }),
        ].join('\n'),
      },
    });
    await context.audit.record(trx, {
      action: 'erasure.declined',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'erasure_request', id: requestId },
      people: [row.userId],
    });
  });
  const row = await findRequest(context.database.db, viewer.practiceId, requestId);
  return presentForAdmin(context, row!, new Date().toISOString());
}

/** What the member is told when they are erased, in their language: what went, what stays, until when, and why. */
function erasedMail(t: Translator, practiceName: string, retention: RetentionSettings, retainUntil: string) {
  return {
    subject: t.t('mail.erasure.erased.subject', { practice: practiceName }),
    text: [
      t.t('mail.erasure.erased.body', {
        practice: practiceName,
        until: day(t, retainUntil),
        years: retention.clinicalYears,
      }),
      ...(retention.jurisdictionNote
        ? [t.t('mail.erasure.erased.jurisdiction', { practice: practiceName, note: retention.jurisdictionNote })]
        : []),
      '',
      t.t('mail.erasure.erased.end', { practice: practiceName }),
    ].join('\n'),
  };
}

/**
 * Approves a waiting request and erases the person (docs/decisions/0030). The member is e-mailed
 * first, while their address still exists; the erasure then runs in one transaction with its
 * audit record, and their live connections close after it commits. Approving again changes
 * nothing: a request that is already approved is answered as it is.
 */
export async function approveErasure(context: ErasureContext, viewer: Viewer, requestId: string, origin: Origin) {
  const { db } = context.database;
  const row = await findRequest(db, viewer.practiceId, requestId);
  if (!row) throw new HttpProblem(404, 'problem.erasure.notFound');
  if (row.status === 'approved') return presentForAdmin(context, row, new Date().toISOString());
  if (row.status !== 'pending') refuseDecided(row);
  const retention = await retentionOf(db, viewer.practiceId);
  const last = (await lastClinicalRecordAt(db, viewer.practiceId, row.userId)) ?? toInstant(row.requestedAt);
  const retainUntil = addYears(last, retention.clinicalYears);
  try {
    // Named by the request, so a second approval after a failure sends no second message.
    // Mail of no practice: the outbox page never shows it, as the address is about to go.
    await context.mailer.send(
      {
        to: row.email,
        practiceId: null,
        ...erasedMail(
          await recipientTranslator(db, { email: row.email, practiceId: viewer.practiceId }),
          viewer.practiceName,
          retention,
          retainUntil,
        ),
      },
      { id: `erasure-${row.id}`, createdAt: toInstant(row.requestedAt) },
    );
  } catch {
    throw new HttpProblem(503, 'problem.erasure.mailFailed');
  }
  const ended = await db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    // Only a waiting request becomes approved: of two approvals at once, one erases.
    const claimed = await trx
      .updateTable('erasureRequests')
      .set({ status: 'approved', decidedAt: now, decidedBy: viewer.userId, reason: null, retainUntil })
      .where('id', '=', requestId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return [];
    const { sessionIds, memberships } = await erasePerson(trx, context.database.engine, {
      userId: row.userId,
      email: row.email,
      practiceId: viewer.practiceId,
      byUserId: viewer.userId,
      retainUntil,
      now,
      cipher: context.cipher,
    });
    await context.audit.record(trx, {
      action: 'erasure.approved',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'erasure_request', id: requestId },
      detail: { memberships, sessionsEnded: sessionIds.length, retainUntil },
      people: [row.userId],
    });
    return sessionIds;
  });
  // The same path as disabling someone: every instance closes the ended sessions' sockets.
  await context.liveSessions.close(row.userId, ended);
  const after = await findRequest(db, viewer.practiceId, requestId);
  return presentForAdmin(context, after!, new Date().toISOString());
}
