import type { RoomReader } from '../room/room.service.js';
import { ADMIN_ROLES } from '../../../domain/roles.js';
import { CPT_CODES, type TelehealthPlace } from '../../../domain/billing.js';
import type { AuditEntry } from '../../platform/audit/audit-log.js';
import { actorOf } from '../../platform/audit/request-context.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import type { ClinicalCipher } from '../../platform/crypto/clinical-cipher.js';
import { HttpProblem } from '../../platform/problem.js';
import type { ScheduleContext } from '../schedule/schedule.service.js';
import {
  cliniciansOf,
  feesOf,
  findPracticeBilling,
  replaceFees,
  saveClinician,
  savePracticeBilling,
} from './billing.repository.js';
import type { BillingSettingsBody, ClinicianBillingBody } from './billing.schema.js';

export type BillingContext = ScheduleContext & { cipher: ClinicalCipher } & RoomReader;
export type Origin = Pick<AuditEntry, 'ip' | 'userAgent'>;

export const isBillingAdmin = (viewer: Viewer) => ADMIN_ROLES.includes(viewer.role);

/**
 * The practice's billing settings: what a claim says about the practice, its fees, and the
 * clinicians' identifiers. An owner or admin sees every clinician; a clinician sees their own.
 */
export async function billingSettings(context: BillingContext, viewer: Viewer) {
  const db = context.database.db;
  const [practice, fees, clinicians] = await Promise.all([
    findPracticeBilling(db, viewer.practiceId),
    feesOf(db, viewer.practiceId),
    cliniciansOf(db, viewer.practiceId),
  ]);
  const admin = isBillingAdmin(viewer);
  return {
    practice: practice ? { ...practice, telehealthPlace: practice.telehealthPlace as TelehealthPlace } : null,
    fees: CPT_CODES.map((cpt) => ({ cpt, feeCents: fees.find((f) => f.cpt === cpt)?.feeCents ?? null })),
    clinicians: clinicians
      .filter((c) => admin || c.userId === viewer.userId)
      .map((c) => ({ userId: c.userId, name: c.name, npi: c.npi, licence: c.licence, taxonomy: c.taxonomy })),
    canEdit: admin,
  };
}

/** Saves the practice's part of the settings and its fees, in one step. */
export async function saveBillingSettings(
  context: BillingContext,
  viewer: Viewer,
  input: BillingSettingsBody,
  origin: Origin,
) {
  const now = new Date().toISOString();
  const { fees, ...practice } = input;
  await context.database.db.transaction().execute(async (trx) => {
    await savePracticeBilling(trx, {
      practiceId: viewer.practiceId,
      ...practice,
      updatedBy: viewer.userId,
      updatedAt: now,
    });
    await replaceFees(trx, viewer.practiceId, fees);
    await context.audit.record(trx, {
      action: 'billing.settings_changed',
      ...actorOf(viewer),
      ...origin,
      detail: { fees: fees.map((f) => f.cpt).join(' ') },
    });
  });
  return billingSettings(context, viewer);
}

/**
 * Saves a clinician's NPI, licence and taxonomy. Owners and admins set anyone's who runs groups;
 * a clinician sets their own; anyone else's is not there for them (404).
 */
export async function saveClinicianBilling(
  context: BillingContext,
  viewer: Viewer,
  userId: string,
  input: ClinicianBillingBody,
  origin: Origin,
) {
  const db = context.database.db;
  if (!isBillingAdmin(viewer) && userId !== viewer.userId)
    throw new HttpProblem(404, 'problem.billing.noSuchClinician');
  const clinician = (await cliniciansOf(db, viewer.practiceId)).find((c) => c.userId === userId);
  if (!clinician) throw new HttpProblem(404, 'problem.billing.noSuchClinician');
  await db.transaction().execute(async (trx) => {
    await saveClinician(trx, { practiceId: viewer.practiceId, userId, ...input, updatedAt: new Date().toISOString() });
    await context.audit.record(trx, {
      action: 'billing.clinician_changed',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'user', id: userId },
    });
  });
  return billingSettings(context, viewer);
}
