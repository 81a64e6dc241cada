import type { Format, MeetingMode, Modality } from '../../../domain/groups.js';
import type { DischargeReason, MemberStatus } from '../../../domain/membership.js';
import { toInstant } from '../../db/instant.js';
import type { Group } from '../groups/groups.schema.js';
import type { listRoster } from './membership.repository.js';
import type { z } from 'zod';
import type { MyGroupSchema } from './membership.schema.js';

type MemberRow = Awaited<ReturnType<typeof listRoster>>[number];

/**
 * A roster entry as the group's staff see it (§6: staff see contact details and names). Without
 * `clinical` (an owner or admin who does not facilitate the group, decision 0019) the reason a place
 * ended, whether screening was answered and the discharge are left out: they belong to the clinical
 * record. The discharge summary comes decrypted by the caller.
 */
export function presentRosterEntry(
  row: Omit<MemberRow, 'dischargeReason' | 'dischargeSummary'> & Partial<Pick<MemberRow, 'dischargeReason'>>,
  clinical: boolean,
  dischargeSummary: string | null = null,
) {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    hasAccount: row.userId !== null,
    // Their account, for the group's clinical readers: it opens their safety plan and what they share.
    userId: clinical ? row.userId : null,
    status: row.status as MemberStatus,
    displayName: row.displayName,
    agreementVersion: row.agreementVersion,
    statusChangedAt: toInstant(row.statusChangedAt),
    joinedAt: toInstant(row.createdAt),
    endReason: clinical ? row.endReason : null,
    offerExpiresAt: row.offerExpiresAt ? toInstant(row.offerExpiresAt) : null,
    offerLapsed: row.offerExpiresAt !== null && toInstant(row.offerExpiresAt) < new Date().toISOString(),
    screeningSubmittedAt: clinical && row.screeningSubmittedAt ? toInstant(row.screeningSubmittedAt) : null,
    discharge:
      clinical && row.dischargeReason
        ? { reason: row.dischargeReason as DischargeReason, summary: dischargeSummary ?? '' }
        : null,
  };
}

/**
 * A group as one of its members sees it. Peers appear only by display name; facilitators by
 * name; nobody's e-mail, id or legal name.
 */
export function presentMyGroup(
  group: Group,
  row: MemberRow,
  peers: Array<{ userId: string | null; displayName: string }>,
): z.infer<typeof MyGroupSchema> {
  const status = row.status as MemberStatus;
  const accepted = row.agreementVersion ?? 0;
  const offerExpiresAt = status === 'admitted' && row.offerExpiresAt ? toInstant(row.offerExpiresAt) : null;
  const offerLapsed = offerExpiresAt !== null && offerExpiresAt < new Date().toISOString();
  return {
    group: {
      id: group.id,
      name: group.name,
      description: group.description,
      modality: group.modality as Modality,
      format: group.format as Format,
      meetingMode: group.meetingMode as MeetingMode,
      place: group.place,
      timeZone: group.timeZone,
      facilitators: group.facilitators.map((f) => f.name),
    },
    status,
    displayName: row.displayName,
    agreement: { version: group.agreement.version, text: group.agreement.text },
    needsToAccept:
      (status === 'admitted' || status === 'active' || status === 'on-leave') &&
      accepted < group.agreement.version &&
      !offerLapsed,
    offerExpiresAt,
    offerLapsed,
    // Before a decision, the group's questions; the answers are never shown back here.
    screening:
      status === 'referred' || status === 'waitlisted'
        ? { questions: group.screeningQuestions, answered: row.screeningSubmittedAt !== null }
        : null,
    peers:
      status === 'active' || status === 'on-leave'
        ? peers.filter((p) => p.userId !== row.userId).map((p) => p.displayName)
        : [],
  };
}
