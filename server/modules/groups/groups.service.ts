import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/connect.js';
import { isUniqueViolation } from '../../db/errors.js';
import { DEFAULT_SCREENING_QUESTIONS } from '../../../domain/screening.js';
import type { DB } from '../../db/schema.js';
import type { AuditEntry, AuditLog } from '../../platform/audit/audit-log.js';
import { actorOf } from '../../platform/audit/request-context.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import { HttpProblem } from '../../platform/problem.js';
import { canEditGroup, canReadClinical, canSeeGroup } from './groups.policy.js';
import { openAlerts } from '../alerts/alerts.repository.js';
import { placesTaken, stillOpen } from '../membership/membership.repository.js';
import { endSchedule } from '../schedule/schedule.repository.js';
import { presentGroup } from './groups.presenter.js';
import {
  facilitatorsOf,
  findGroup,
  insertAgreement,
  insertGroup,
  latestAgreements,
  listGroups,
  listPossibleFacilitators,
  replaceFacilitators,
  updateGroup,
  type GroupRow,
} from './groups.repository.js';
import type { CreateGroupBody, Group, UpdateGroupBody } from './groups.schema.js';

export interface GroupsContext {
  database: Database;
  audit: AuditLog;
}

type Origin = Pick<AuditEntry, 'ip' | 'userAgent'>;

/** Why a closed or archived group refuses a change. */
function readOnly(group: Group): HttpProblem {
  return new HttpProblem(409, group.status === 'archived' ? 'problem.group.archived' : 'problem.group.ended', {
    values: { group: group.name },
  });
}

/** Facilitators must be active owners, admins or clinicians of the viewer's practice. */
async function checkFacilitators(trx: Kysely<DB>, practiceId: string, ids: string[]): Promise<void> {
  const eligible = new Set((await listPossibleFacilitators(trx, practiceId)).map((p) => p.userId));
  if (ids.some((id) => !eligible.has(id))) {
    throw new HttpProblem(400, 'problem.group.facilitatorRoles', { field: 'body.facilitatorIds' });
  }
}

/** Staff views of groups: facilitators and current agreements loaded in two queries, not per group. */
async function present(db: Kysely<DB>, rows: GroupRow[]): Promise<Group[]> {
  const ids = rows.map((r) => r.id);
  const [facilitators, agreements] = await Promise.all([facilitatorsOf(db, ids), latestAgreements(db, ids)]);
  return rows.map((row) => {
    const agreement = agreements.find((a) => a.groupId === row.id);
    if (!agreement) throw new Error(`group ${row.id} has no agreement`);
    return presentGroup(
      row,
      facilitators.filter((f) => f.groupId === row.id),
      agreement,
    );
  });
}

/**
 * The groups the viewer sees: all of the practice's for admins and supervisors, facilitated ones
 * for clinicians. Archived groups are put away: they are listed only when asked for.
 */
export async function groupsFor(context: GroupsContext, viewer: Viewer, archived = false): Promise<Group[]> {
  const everyGroup = viewer.role !== 'clinician';
  const rows = await listGroups(context.database, viewer.practiceId, everyGroup ? undefined : viewer.userId);
  return present(
    context.database.db,
    rows.filter((r) => (r.status === 'archived') === archived),
  );
}

/**
 * A group of a practice with no viewer check, for callers that have made their own object check
 * (a member's own membership, say).
 */
export async function loadGroup(db: Kysely<DB>, practiceId: string, groupId: string): Promise<Group | undefined> {
  const row = await findGroup(db, practiceId, groupId);
  return row ? (await present(db, [row]))[0] : undefined;
}

/**
 * One group, if the viewer may see it; 404 otherwise, exactly as for a group that does not exist.
 * `edit` is a change to the group's record, which only an active group takes (a closed or
 * archived one is read-only); `manage` needs the same people but works on any group: archiving
 * and restoring it, and answering its safety alerts, which never wait.
 */
export async function groupFor(
  context: GroupsContext,
  viewer: Viewer,
  groupId: string,
  mode: 'see' | 'edit' | 'manage' = 'see',
): Promise<Group> {
  const row = await findGroup(context.database.db, viewer.practiceId, groupId);
  if (!row) throw new HttpProblem(404, 'problem.group.notYours');
  const [group] = await present(context.database.db, [row]);
  const facilitatorIds = group!.facilitators.map((f) => f.userId);
  if (!canSeeGroup(viewer, facilitatorIds)) throw new HttpProblem(404, 'problem.group.notYours');
  if (mode !== 'see' && !canEditGroup(viewer, facilitatorIds)) {
    throw new HttpProblem(403, 'problem.group.changeRefused');
  }
  if (mode === 'edit' && group!.status !== 'active') throw readOnly(group!);
  return group!;
}

/** Whether the viewer reads this group's clinical data, or its counts and aggregates only (decision 0019). */
export function readsClinical(viewer: Viewer, group: Group): boolean {
  return canReadClinical(
    viewer,
    group.facilitators.map((f) => f.userId),
  );
}

/**
 * A group whose members' clinical data the route returns and nothing else (screening answers,
 * attendance notes, exports): 403 for an owner or admin who sees the group but does not facilitate
 * it, since the group itself is no secret to them.
 */
export async function clinicalGroupFor(context: GroupsContext, viewer: Viewer, groupId: string): Promise<Group> {
  const group = await groupFor(context, viewer, groupId);
  if (!readsClinical(viewer, group)) throw new HttpProblem(403, 'problem.group.clinicalOnly');
  return group;
}

/** Creates a group with its first agreement. A clinician who creates a group always facilitates it. */
export async function createGroup(
  context: GroupsContext,
  viewer: Viewer,
  input: CreateGroupBody,
  origin: Origin,
): Promise<Group> {
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  const facilitatorIds =
    viewer.role === 'clinician' && !input.facilitatorIds.includes(viewer.userId)
      ? [viewer.userId, ...input.facilitatorIds]
      : input.facilitatorIds;
  await context.database.db.transaction().execute(async (trx) => {
    await checkFacilitators(trx, viewer.practiceId, facilitatorIds);
    await insertGroup(trx, {
      id,
      practiceId: viewer.practiceId,
      name: input.name,
      description: input.description,
      modality: input.modality,
      format: input.format,
      capacity: input.capacity,
      timeZone: input.timeZone,
      meetingMode: input.meetingMode,
      place: input.place,
      meetingLink: input.meetingLink,
      status: 'active',
      selfReferralToken: null,
      screeningQuestions: JSON.stringify(input.screeningQuestions ?? DEFAULT_SCREENING_QUESTIONS),
      closedAt: null,
      archivedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    await replaceFacilitators(trx, id, facilitatorIds, now);
    await insertAgreement(trx, {
      id: crypto.randomUUID(),
      groupId: id,
      version: 1,
      text: input.agreement,
      createdBy: viewer.userId,
      createdAt: now,
    });
    await context.audit.record(trx, {
      action: 'groups.created',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'group', id },
    });
  });
  return groupFor(context, viewer, id);
}

/**
 * Refuses fewer places than people holding one: the group would read "5 of 2 places taken" and
 * nobody would know whose place went. Places end one by one, on the roster.
 */
async function capacityHoldsEveryone(trx: Kysely<DB>, groupId: string, capacity: number, now: string) {
  const taken = await placesTaken(trx, groupId, now);
  if (capacity >= taken) return;
  throw new HttpProblem(400, 'problem.group.capacityBelowTaken', { values: { taken }, field: 'body.capacity' });
}

/**
 * Changes a group. A changed agreement becomes a new version (members who accepted an older one
 * are asked again); the same text again changes nothing. Facilitators are replaced as a set.
 */
export async function changeGroup(
  context: GroupsContext,
  viewer: Viewer,
  groupId: string,
  input: UpdateGroupBody,
  origin: Origin,
): Promise<Group> {
  const current = await groupFor(context, viewer, groupId, 'edit');
  const { agreement, facilitatorIds, screeningQuestions, ...rest } = input;
  const fields = { ...rest, ...(screeningQuestions && { screeningQuestions: JSON.stringify(screeningQuestions) }) };
  const merged = { ...current, ...fields };
  if ((merged.meetingMode === 'in-person' || merged.meetingMode === 'hybrid') && !merged.place) {
    throw new HttpProblem(400, 'problem.group.place', { field: 'body.place' });
  }
  if (facilitatorIds && viewer.role === 'clinician' && !facilitatorIds.includes(viewer.userId)) {
    throw new HttpProblem(400, 'problem.group.keepYourself', { field: 'body.facilitatorIds' });
  }
  const now = new Date().toISOString();
  try {
    await changeInTransaction(now);
  } catch (error) {
    // Two people revising the agreement at the same moment: the second gets the same version number.
    if (isUniqueViolation(error)) throw new HttpProblem(409, 'problem.group.changedMeanwhile');
    throw error;
  }
  return groupFor(context, viewer, groupId);

  async function changeInTransaction(now: string) {
    await context.database.db.transaction().execute(async (trx) => {
      if (rest.capacity !== undefined) await capacityHoldsEveryone(trx, groupId, rest.capacity, now);
      if (facilitatorIds) {
        await checkFacilitators(trx, viewer.practiceId, facilitatorIds);
        await replaceFacilitators(trx, groupId, facilitatorIds, now);
      }
      await updateGroup(trx, viewer.practiceId, groupId, { ...fields, updatedAt: now });
      await context.audit.record(trx, {
        action: 'groups.updated',
        ...actorOf(viewer),
        ...origin,
        subject: { type: 'group', id: groupId },
        detail: { fields: Object.keys(input).sort().join(',') },
      });
      if (agreement !== undefined && agreement !== current.agreement.text) {
        const version = current.agreement.version + 1;
        await insertAgreement(trx, {
          id: crypto.randomUUID(),
          groupId,
          version,
          text: agreement,
          createdBy: viewer.userId,
          createdAt: now,
        });
        await context.audit.record(trx, {
          action: 'groups.agreement_revised',
          ...actorOf(viewer),
          ...origin,
          subject: { type: 'group', id: groupId },
          detail: { version },
        });
      }
    });
  }
}

/**
 * Puts a group's running parts away, as its cycle ends or it is archived: nobody may still be
 * on its list (each member discharged, each referral decided) and no alert may be open, so
 * nothing is left waiting for a group nobody looks at; its sessions still to come and its repeat
 * rule go, and its public link closes. Past sessions, attendance and measures stay.
 */
async function windDown(trx: Kysely<DB>, practiceId: string, groupId: string, now: string): Promise<void> {
  const open = await stillOpen(trx, groupId);
  if (open > 0) {
    throw new HttpProblem(409, 'problem.group.peopleStillListed', { values: { open }, field: 'status' });
  }
  if ((await openAlerts(trx, [groupId])).length > 0) {
    throw new HttpProblem(409, 'problem.group.openAlerts', { field: 'status' });
  }
  await endSchedule(trx, groupId, now);
  await updateGroup(trx, practiceId, groupId, { selfReferralToken: null });
}

/** Ends a group's cycle once every member is discharged: the group becomes a read-only record. */
export async function closeGroup(context: GroupsContext, viewer: Viewer, groupId: string, origin: Origin) {
  await groupFor(context, viewer, groupId, 'edit');
  const now = new Date().toISOString();
  await context.database.db.transaction().execute(async (trx) => {
    await windDown(trx, viewer.practiceId, groupId, now);
    await updateGroup(trx, viewer.practiceId, groupId, { status: 'closed', closedAt: now, updatedAt: now });
    await context.audit.record(trx, {
      action: 'groups.closed',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'group', id: groupId },
    });
  });
  return groupFor(context, viewer, groupId);
}

/**
 * Archives a group (hidden from the lists, read-only) or restores it to what it was before:
 * closed if its cycle had ended, active otherwise. Either is recorded in the audit log.
 */
export async function setArchived(
  context: GroupsContext,
  viewer: Viewer,
  groupId: string,
  archived: boolean,
  origin: Origin,
) {
  const group = await groupFor(context, viewer, groupId, 'manage');
  if ((group.status === 'archived') === archived) return group;
  const now = new Date().toISOString();
  await context.database.db.transaction().execute(async (trx) => {
    if (archived && group.status === 'active') await windDown(trx, viewer.practiceId, groupId, now);
    await updateGroup(trx, viewer.practiceId, groupId, {
      status: archived ? 'archived' : group.closedAt ? 'closed' : 'active',
      archivedAt: archived ? now : null,
      updatedAt: now,
    });
    await context.audit.record(trx, {
      action: archived ? 'groups.archived' : 'groups.restored',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'group', id: groupId },
    });
  });
  return groupFor(context, viewer, groupId);
}
