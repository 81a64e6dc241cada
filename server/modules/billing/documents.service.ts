import type { ClinicalRecordDetails } from '../../../domain/notes.js';
import { actorOf } from '../../platform/audit/request-context.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import type { Translator } from '../../platform/i18n.js';
import { HttpProblem } from '../../platform/problem.js';
import { dayFor } from '../../platform/time-words.js';
import { openClinicalRecord, progressNote } from '../notes/notes.service.js';
import { linesCsv, notePdf, serviceDate, superbillPdf, type ClinicianFacts } from './billing.presenter.js';
import { cliniciansOf, facilitatedGroups, findPracticeBilling, linesOf } from './billing.repository.js';
import type { BillingLine, Range } from './billing.schema.js';
import { isBillingAdmin, type BillingContext, type Origin } from './billing.service.js';
import { exportLines, instantsOf, presentLines } from './lines.service.js';

async function practiceFacts(context: BillingContext, viewer: Viewer) {
  const practice = await findPracticeBilling(context.database.db, viewer.practiceId);
  if (!practice) throw new HttpProblem(409, 'problem.billing.noSettings');
  return practice;
}

async function clinicianFacts(context: BillingContext, viewer: Viewer): Promise<Map<string, ClinicianFacts>> {
  const rows = await cliniciansOf(context.database.db, viewer.practiceId);
  return new Map(rows.map((c) => [c.userId, c]));
}

/** Each person's record, opened once. */
async function recordsOf(
  context: BillingContext,
  practiceId: string,
  lines: readonly BillingLine[],
): Promise<Map<string, ClinicalRecordDetails | null>> {
  const records = new Map<string, ClinicalRecordDetails | null>();
  for (const userId of new Set(lines.flatMap((l) => (l.userId ? [l.userId] : []))))
    records.set(
      userId,
      (await openClinicalRecord(context.database.db, context.cipher, practiceId, userId))?.details ?? null,
    );
  return records;
}

/** Exports the range's ready lines (lines.service) and writes them as CSV. */
export async function exportCsv(context: BillingContext, viewer: Viewer, range: Range, origin: Origin) {
  const practice = await practiceFacts(context, viewer);
  const lines = await exportLines(context, viewer, range, origin);
  return linesCsv(
    lines,
    practice,
    await clinicianFacts(context, viewer),
    await recordsOf(context, viewer.practiceId, lines),
  );
}

/**
 * A member's superbill for a range: every line whose note is signed (ready, needing a diagnosis,
 * exported, paid, denied or written off), from the groups the viewer may bill. Nothing to show is
 * a 404, as for a person who is not there. A superbill is sent to an insurer, self-pay or not, so
 * a line without a diagnosis code refuses the whole superbill with a 409 naming the member and
 * the sessions' dates, rather than leaving sessions out of what they claim (decision 0039).
 * Audited, naming the member.
 */
export async function superbill(
  context: BillingContext,
  viewer: Viewer,
  userId: string,
  range: Range,
  origin: Origin,
  t: Translator,
): Promise<Buffer> {
  const db = context.database.db;
  const rows = await linesOf(db, viewer.practiceId, {
    ...instantsOf(viewer, range),
    userId,
    groupIds: isBillingAdmin(viewer) ? undefined : await facilitatedGroups(db, viewer.practiceId, viewer.userId),
  });
  const lines = (await presentLines(context, rows)).filter((l) => l.status !== 'awaiting-note');
  if (lines.length === 0) throw new HttpProblem(404, 'problem.billing.noSuchPerson');
  const undiagnosed = lines.filter((l) => l.diagnosisCodes.length === 0);
  if (undiagnosed.length > 0)
    throw new HttpProblem(409, 'problem.billing.superbillNeedsDiagnosis', {
      values: {
        name: lines[0]!.memberName,
        dates: [...new Set(undiagnosed.map(serviceDate))].join(', '),
      },
    });
  const practice = await practiceFacts(context, viewer);
  const record = (await openClinicalRecord(db, context.cipher, viewer.practiceId, userId))?.details ?? null;
  const pdf = await superbillPdf({
    t,
    practice,
    person: { name: lines[0]!.memberName, record },
    range,
    lines,
    clinicians: await clinicianFacts(context, viewer),
    issuedOn: dayFor(viewer.timeZone),
  });
  await context.audit.record(db, {
    action: 'billing.superbill_downloaded',
    ...actorOf(viewer),
    ...origin,
    subject: { type: 'user', id: userId },
    detail: { from: range.from, to: range.to, lines: lines.length },
    people: [userId],
  });
  return pdf;
}

/**
 * A signed progress note as PDF, with its signature block and addenda, for those who may read
 * it (its group's clinicians and supervisors); for anyone else, and for a draft, it is not there
 * (404). The notes module records the read (`notes.viewed`); the download is recorded too.
 */
export async function notePdfOf(
  context: BillingContext,
  viewer: Viewer,
  noteId: string,
  origin: Origin,
  t: Translator,
): Promise<Buffer> {
  let note;
  try {
    note = await progressNote(context, viewer, noteId, origin);
  } catch (error) {
    if (error instanceof HttpProblem && (error.status === 403 || error.status === 404))
      throw new HttpProblem(404, 'problem.billing.noSuchNote');
    throw error;
  }
  if (note.status !== 'signed') throw new HttpProblem(404, 'problem.billing.noSuchNote');
  const pdf = await notePdf(t, {
    ...note,
    name: note.name,
    groupPart: note.groupPart,
  });
  const row = await context.database.db
    .selectFrom('progressNotes')
    .select('userId')
    .where('id', '=', noteId)
    .executeTakeFirst();
  await context.audit.record(context.database.db, {
    action: 'billing.note_pdf_downloaded',
    ...actorOf(viewer),
    ...origin,
    subject: { type: 'progress_note', id: noteId },
    detail: { groupId: note.groupId },
    people: row?.userId ? [row.userId] : [],
  });
  return pdf;
}
