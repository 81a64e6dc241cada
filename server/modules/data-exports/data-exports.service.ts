import crypto from 'node:crypto';
import {
  DATA_EXPORT_STEPS,
  EXPORT_KEEP_DAYS,
  OPEN_EXPORT_STATUSES,
  type DataExportStatus,
} from '../../../domain/data-export.js';
import type { Database } from '../../db/connect.js';
import { isUniqueViolation } from '../../db/errors.js';
import { toInstant } from '../../db/instant.js';
import type { AuditEntry, AuditLog } from '../../platform/audit/audit-log.js';
import { actorOf } from '../../platform/audit/request-context.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import type { ClinicalCipher } from '../../platform/crypto/clinical-cipher.js';
import { sealedIn } from '../../platform/crypto/encrypted-columns.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import { chooseLocale } from '../../platform/i18n.js';
import { HttpProblem } from '../../platform/problem.js';
import { archiveOf } from './archive.presenter.js';
import { presentExport } from './data-exports.presenter.js';
import {
  exportById,
  exportsOf,
  expireArchives,
  insertExport,
  openExportOf,
  ownExport,
  updateExport,
} from './data-exports.repository.js';
import { gatherer, type MyData } from './my-data.service.js';

export interface DataExportContext {
  database: Database;
  audit: AuditLog;
  cipher: ClinicalCipher;
  jobs: JobQueue;
}

type Origin = Pick<AuditEntry, 'ip' | 'userAgent'>;

export const PREPARE_JOB = 'data-exports.prepare';
const KEEP_MS = EXPORT_KEEP_DAYS * 86_400_000;

/**
 * Asks for a copy of everything Hearth holds about the viewer. While one request is still being
 * prepared, asking again answers with that one (`created: false`): one at a time per person, held by
 * a unique index too, so two requests at once on two instances still make one.
 */
export async function requestExport(context: DataExportContext, viewer: Viewer, origin: Origin, now = new Date()) {
  const db = context.database.db;
  const open = await openExportOf(db, viewer.userId);
  if (open) return { created: false, export: presentExport(open, now) };
  const id = crypto.randomUUID();
  try {
    await db.transaction().execute(async (trx) => {
      await insertExport(trx, {
        id,
        userId: viewer.userId,
        practiceId: viewer.practiceId,
        status: 'queued',
        step: 0,
        steps: DATA_EXPORT_STEPS.length,
        requestedAt: now.toISOString(),
      });
      await context.jobs.enqueue(trx, {
        kind: PREPARE_JOB,
        payload: { exportId: id },
        dedupeKey: `${PREPARE_JOB}:${id}`,
      });
      await context.audit.record(trx, {
        action: 'data_export.requested',
        ...actorOf(viewer),
        ...origin,
        subject: { type: 'data-export', id },
        people: [viewer.userId],
      });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const other = await openExportOf(db, viewer.userId);
    if (!other) throw error;
    return { created: false, export: presentExport(other, now) };
  }
  return { created: true, export: presentExport((await exportById(db, id))!, now) };
}

/** The viewer's requests, newest first, with progress. */
export async function myExports(context: DataExportContext, viewer: Viewer, now = new Date()) {
  const rows = await exportsOf(context.database.db, viewer.userId);
  return { exports: rows.map((row) => presentExport(row, now)) };
}

/**
 * The archive, for its owner only (anyone else: not found), while it is kept. The download is
 * audited and names the person, so it shows in their own access history.
 */
export async function downloadArchive(
  context: DataExportContext,
  viewer: Viewer,
  exportId: string,
  origin: Origin,
  now = new Date(),
) {
  const row = await ownExport(context.database.db, viewer.userId, exportId);
  if (!row) throw new HttpProblem(404, 'problem.dataExport.notFound');
  const { status } = presentExport(row, now);
  if (status === 'expired')
    throw new HttpProblem(410, 'problem.dataExport.expired', { values: { days: EXPORT_KEEP_DAYS } });
  if (status === 'failed') throw new HttpProblem(409, 'problem.dataExport.failed');
  if (status !== 'ready' || !row.archive) throw new HttpProblem(409, 'problem.dataExport.notReady');
  const zip = Buffer.from(context.cipher.decrypt(row.archive, sealedIn('dataExports.archive', row.id)), 'base64');
  await context.database.db.transaction().execute((trx) =>
    context.audit.record(trx, {
      action: 'data_export.downloaded',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'data-export', id: row.id },
      people: [viewer.userId],
    }),
  );
  return { zip, preparedAt: new Date(toInstant(row.readyAt ?? row.requestedAt)) };
}

/**
 * The job's work: reads each part in turn, saying which step it is on, then seals the archive in
 * its row and keeps it for a week. Run again after a crash, it starts over; a request that is no
 * longer open (ready, failed, expired) is left as it is, so a retry after a failure does nothing.
 */
export async function prepareExport(context: DataExportContext, exportId: string, now: Date): Promise<void> {
  const db = context.database.db;
  const row = await exportById(db, exportId);
  if (!row || !OPEN_EXPORT_STATUSES.includes(row.status as DataExportStatus)) return;
  const step = (n: number) => updateExport(db, exportId, { status: 'preparing', step: n });
  const read = gatherer(context, row.userId);
  let sealed: { archive: string; bytes: number };
  try {
    await step(1);
    const { account, practices } = await read.account();
    await step(2);
    const locale = chooseLocale({
      saved: account.locale,
      practiceDefault: practices.find((p) => p.practiceId === row.practiceId)?.defaultLocale,
    });
    const practiceNames = new Map(practices.map((p) => [p.practiceId, p.practiceName]));
    const { places, groups } = await read.groups(practiceNames, locale);
    await step(3);
    const { answers, clinical } = await read.answers(places, practices, account.name);
    await step(4);
    const { history, calendarFeeds } = await read.accessHistory(practices);
    const notes = await read.notes();
    const { safetyPlans, reflections } = await read.ownWork(practiceNames);
    await step(5);
    const data: MyData = {
      format: 'hearth-my-data',
      version: 1,
      preparedAt: now.toISOString(),
      locale,
      account: { name: account.name, email: account.email, createdAt: toInstant(account.createdAt) },
      practices: practices.map((p) => ({
        practice: p.practiceName,
        role: p.role,
        since: toInstant(p.createdAt),
        accessTurnedOffAt: p.disabledAt ? toInstant(p.disabledAt) : null,
      })),
      groups,
      answers,
      calendarFeeds,
      notes,
      safetyPlans,
      reflections,
      accessHistory: history,
    };
    const zip = archiveOf(data, clinical);
    sealed = {
      archive: context.cipher.encrypt(Buffer.from(zip).toString('base64'), sealedIn('dataExports.archive', exportId)),
      bytes: zip.byteLength,
    };
  } catch (error) {
    // Failed, so the person sees it and may ask again; thrown, so the worker logs why. (If the
    // database itself is away, this write fails too and the job is simply tried again later.)
    await updateExport(db, exportId, { status: 'failed', finishedAt: now.toISOString() });
    throw error;
  }
  await db.transaction().execute(async (trx) => {
    await updateExport(trx, exportId, {
      status: 'ready',
      step: DATA_EXPORT_STEPS.length,
      archive: sealed.archive,
      archiveBytes: sealed.bytes,
      readyAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + KEEP_MS).toISOString(),
      finishedAt: now.toISOString(),
    });
    await context.audit.record(trx, {
      action: 'data_export.prepared',
      practiceId: row.practiceId,
      // On the person's behalf: they asked for it.
      actor: { userId: row.userId, role: null },
      subject: { type: 'data-export', id: exportId },
      detail: { bytes: sealed.bytes },
      people: [row.userId],
    });
  });
}

/** Deletes the content of every archive past its week; the rows stay, saying they expired. */
export async function expireExports(context: Pick<DataExportContext, 'database'>, now: Date): Promise<number> {
  return expireArchives(context.database.db, now.toISOString());
}
