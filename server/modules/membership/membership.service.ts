import { chooseLocale, translator, type Translator } from '../../platform/i18n.js';
import { recipientTranslator } from '../../platform/mail/recipient-language.js';
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  DISCHARGE_REASON_LABELS,
  ENDINGS,
  HOLDS_PLACE,
  WAITLIST_OFFER_HOURS,
  displayNameKey,
  staffTransitions,
  type MemberStatus,
} from '../../../domain/membership.js';
import { looksAlike } from '../../../domain/confusables.js';
import { isRole } from '../../../domain/roles.js';
import { isUniqueViolation } from '../../db/errors.js';
import { toInstant } from '../../db/instant.js';
import type { DB } from '../../db/schema.js';
import type { AuditEntry } from '../../platform/audit/audit-log.js';
import { actorOf } from '../../platform/audit/request-context.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import { HttpProblem, words } from '../../platform/problem.js';
import { DEFAULT_LOCALE } from '../../../domain/locale.js';

import type { ClinicalCipher } from '../../platform/crypto/clinical-cipher.js';
import { sealedIn } from '../../platform/crypto/encrypted-columns.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import type { OutgoingMail } from '../../platform/mail/mailer.js';
import { findActiveMemberships } from '../../platform/auth/membership.repository.js';
import { tokenHash } from '../../platform/crypto/token-hash.js';
import { facilitatorsOf, findGroupForSelfReferral, updateGroup } from '../groups/groups.repository.js';
import { clinicalGroupFor, groupFor, groupsFor, loadGroup, readsClinical } from '../groups/groups.service.js';
import { findUserByEmail } from '../people/people.repository.js';
import { invite, type PeopleContext } from '../people/people.service.js';
import { actingMember } from './acting-member.js';
import { generateDueForms } from '../measures/measures.service.js';
import { presentMyGroup, presentRosterEntry } from './membership.presenter.js';
import type { DischargeBody } from './membership.schema.js';
import {
  activeDisplayNames,
  peerNames,
  deleteExpiredSelfReferralRequests,
  findMember,
  findMemberByEmail,
  findScreeningAnswers,
  findSelfReferralRequest,
  insertSelfReferralRequest,
  lastSelfReferralRequestAt,
  takeSelfReferralRequest,
  lapsedOffers,
  insertMember,
  insertMemberEvent,
  listIntake,
  listOwnMemberships,
  listRoster,
  lockGroup,
  nextWaiting,
  placesTaken,
  updateMember,
} from './membership.repository.js';

/** A member status's name in the reader's words (ICU selectors are names: `on-leave` is `onLeave`). */
function statusWords(status: MemberStatus) {
  return words('problem.memberStatus', { status: status.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()) });
}

export type MembershipContext = PeopleContext & { cipher: ClinicalCipher; jobs: JobQueue };

/**
 * Queues an e-mail on the jobs table, so a mail server's outage never fails the change it reports.
 * (Invitations still go directly: their link carries a secret, which must not wait in a table.)
 */
function sendLater(context: MembershipContext, mail: OutgoingMail): Promise<void> {
  return context.jobs.enqueue(context.database.db, { kind: 'mail.send', payload: { ...mail } });
}
type Origin = Pick<AuditEntry, 'ip' | 'userAgent'>;

/** The group's roster for its staff, with how many places are taken. */
export async function roster(context: MembershipContext, viewer: Viewer, groupId: string) {
  const group = await groupFor(context, viewer, groupId);
  const rows = await listRoster(context.database.db, groupId);
  const clinical = readsClinical(viewer, group);
  return {
    capacity: group.capacity,
    placesTaken: rows.filter((r) => HOLDS_PLACE.includes(r.status as MemberStatus)).length,
    members: rows.map((row) =>
      presentRosterEntry(
        row,
        clinical,
        clinical && row.dischargeSummary
          ? context.cipher.decrypt(row.dischargeSummary, sealedIn('groupMembers.dischargeSummary', row.id))
          : null,
      ),
    ),
  };
}

/**
 * Discharges a member at the end of a cycle: completed or left, a reason from the list and a
 * short summary (encrypted), dated now. Their end measures follow the plan's "at completion"
 * rule and are made at once, while the group is still open. The place is not offered to the
 * waitlist: the cycle is ending (a change in mid-cycle goes through the status route).
 */
export async function discharge(
  context: MembershipContext,
  viewer: Viewer,
  groupId: string,
  memberId: string,
  input: DischargeBody,
  origin: Origin,
) {
  const group = await groupFor(context, viewer, groupId, 'edit');
  const now = new Date();
  const label = DISCHARGE_REASON_LABELS[input.reason];
  const member = await context.database.db.transaction().execute(async (trx) => {
    await lockGroup(trx, context.database.engine, groupId);
    const current = await findMember(trx, groupId, memberId);
    if (!current) throw new HttpProblem(404, 'problem.member.notOnList');
    const from = current.status as MemberStatus;
    if (from !== 'active' && from !== 'on-leave') {
      throw new HttpProblem(409, 'problem.member.dischargeOnlyActive', {
        values: { status: statusWords(from) },
        field: 'body.outcome',
      });
    }
    await updateMember(trx, memberId, {
      status: input.outcome,
      statusChangedAt: now.toISOString(),
      endReason: label,
      dischargeReason: input.reason,
      dischargeSummary: context.cipher.encrypt(input.summary, sealedIn('groupMembers.dischargeSummary', memberId)),
      offerExpiresAt: null,
    });
    await insertMemberEvent(trx, {
      id: crypto.randomUUID(),
      groupMemberId: memberId,
      fromStatus: from,
      toStatus: input.outcome,
      reason: label,
      byUserId: viewer.userId,
      at: now.toISOString(),
    });
    await context.audit.record(trx, {
      action: 'groups.member_discharged',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'group-member', id: memberId },
      detail: { groupId, from, to: input.outcome, reason: input.reason },
      people: current.userId ? [current.userId] : [],
    });
    return (await findMember(trx, groupId, memberId))!;
  });
  await generateDueForms(context.database, now, [groupId]);
  const clinical = readsClinical(viewer, group);
  return presentRosterEntry(member, clinical, clinical ? input.summary : null);
}

/**
 * Refers someone to a group. Someone already in the practice is linked at once and told by
 * e-mail; anyone else is invited to the practice as a member, and the referral waits for them.
 */
export async function refer(
  context: MembershipContext,
  viewer: Viewer,
  groupId: string,
  input: { name: string; email: string; staffConfirmed?: boolean },
  origin: Origin,
  /** `self`: the person asked through the group's public link; `viewer` is then its first facilitator. */
  source: 'clinician' | 'self' = 'clinician',
) {
  const group = await groupFor(context, viewer, groupId, 'edit');
  if (await findMemberByEmail(context.database.db, groupId, input.email)) {
    throw new HttpProblem(409, 'problem.member.alreadyListed', {
      values: { email: input.email },
      fields: [{ field: 'body.email', key: 'problem.member.alreadyListedField' }],
    });
  }
  const account = await findUserByEmail(context.database, input.email);
  const role = account
    ? (await findActiveMemberships(context.database, account.id)).find((m) => m.practiceId === viewer.practiceId)?.role
    : undefined;
  const inPractice = role !== undefined;
  // A colleague referred as a member is usually a slip (the wrong address); when it is meant (a
  // clinician who joins a group as a person), staff say so. Never said on the public form.
  if (source === 'clinician' && role && role !== 'member' && !input.staffConfirmed) {
    const values = { email: input.email, role: isRole(role) ? role : 'other' };
    throw new HttpProblem(409, 'problem.member.staffAddress', {
      values,
      fields: [{ field: 'body.staffConfirmed', key: 'problem.member.staffAddressConfirm', values }],
    });
  }
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  try {
    await context.database.db.transaction().execute(async (trx) => {
      await insertMember(trx, {
        id,
        practiceId: viewer.practiceId,
        groupId,
        userId: inPractice ? account!.id : null,
        email: input.email,
        name: input.name,
        referredBy: source === 'self' ? null : viewer.userId,
        status: 'referred',
        statusChangedAt: now,
        createdAt: now,
      });
      await insertMemberEvent(trx, {
        id: crypto.randomUUID(),
        groupMemberId: id,
        fromStatus: null,
        toStatus: 'referred',
        reason: null,
        byUserId: viewer.userId,
        at: now,
      });
      await context.audit.record(trx, {
        action: 'groups.member_referred',
        ...actorOf(viewer),
        ...origin,
        subject: { type: 'group-member', id },
        detail: { groupId },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new HttpProblem(409, 'problem.member.alreadyListed', { values: { email: input.email } });
    throw error;
  }
  const note = (t: Translator) =>
    source === 'self'
      ? t.t('mail.referral.noteSelf', { group: group.name })
      : t.t('mail.referral.noteSuggested', { referrer: viewer.name, group: group.name });
  if (inPractice) {
    const t = await recipientTranslator(context.database.db, { email: input.email, practiceId: viewer.practiceId });
    await sendLater(context, {
      to: input.email,
      practiceId: viewer.practiceId,
      subject: t.t('mail.referral.subject', { group: group.name }),
      text: [
        t.t('mail.greeting', { name: input.name }),
        '',
        note(t),
        '',
        t.t('mail.referral.signIn', { link: `${context.publicUrl}/` }),
      ].join('\n'),
    });
  } else {
    await invite(context, viewer, { email: input.email, name: input.name, role: 'member' }, origin, note);
  }
  return presentRosterEntry((await findMember(context.database.db, groupId, id))!, readsClinical(viewer, group));
}

/** Kind words for the person, after a decision about their place, in their language. */
function decisionMail(
  t: Translator,
  status: MemberStatus,
  group: string,
  reason: string | undefined,
): { subject: string; text: string } | null {
  if (status === 'admitted' || status === 'waitlisted') {
    return {
      subject: t.t(`mail.decision.${status}.subject`, { group }),
      text: t.t(`mail.decision.${status}.body`, { group }),
    };
  }
  if (status === 'declined') {
    return {
      subject: t.t('mail.decision.declined.subject', { group }),
      text: [
        t.t('mail.decision.declined.body', { group }),
        ...(reason ? ['', t.t('mail.decision.declined.reason', { reason })] : []),
        '',
        t.t('mail.decision.declined.care'),
      ].join('\n'),
    };
  }
  return null;
}

/**
 * Moves a membership on: a decision (admit, waitlist, decline) or a later change (on leave,
 * back, completed, left, removed). Taking a place is checked against capacity with the group
 * locked, so two admissions cannot both take the last place.
 */
export async function changeStatus(
  context: MembershipContext,
  viewer: Viewer,
  groupId: string,
  memberId: string,
  input: { status: MemberStatus; reason?: string },
  origin: Origin,
) {
  const group = await groupFor(context, viewer, groupId, 'edit');
  const now = new Date().toISOString();
  const reason = input.reason?.trim() || undefined;
  if (ENDINGS.includes(input.status) && !reason) {
    throw new HttpProblem(400, 'problem.member.reasonNeeded', {
      fields: [{ field: 'body.reason', key: 'problem.member.reasonField' }],
    });
  }
  const { member, offered } = await context.database.db.transaction().execute(async (trx) => {
    await lockGroup(trx, context.database.engine, groupId);
    const current = await findMember(trx, groupId, memberId);
    if (!current) throw new HttpProblem(404, 'problem.member.notOnList');
    const from = current.status as MemberStatus;
    if (!staffTransitions(from).includes(input.status)) {
      throw new HttpProblem(409, 'problem.member.transition', {
        values: {
          from: statusWords(from),
          to: statusWords(input.status),
        },
        fields: [{ field: 'body.status', key: 'problem.member.transitionField' }],
      });
    }
    if (
      HOLDS_PLACE.includes(input.status) &&
      !HOLDS_PLACE.includes(from) &&
      (await placesTaken(trx, groupId, now)) >= group.capacity
    ) {
      throw new HttpProblem(409, 'problem.member.groupFull', {
        values: { group: group.name, capacity: group.capacity },
        fields: [{ field: 'body.status', key: 'problem.member.groupFullField' }],
      });
    }
    await updateMember(trx, memberId, {
      status: input.status,
      statusChangedAt: now,
      endReason: ENDINGS.includes(input.status) ? (reason ?? null) : null,
      // A staff decision is not a timed waitlist offer.
      offerExpiresAt: null,
    });
    await insertMemberEvent(trx, {
      id: crypto.randomUUID(),
      groupMemberId: memberId,
      fromStatus: from,
      toStatus: input.status,
      reason: reason ?? null,
      byUserId: viewer.userId,
      at: now,
    });
    await context.audit.record(trx, {
      action: 'groups.member_status_changed',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'group-member', id: memberId },
      detail: { groupId, from, to: input.status },
    });
    // A place that opens goes to whoever has waited longest, with a time to accept it.
    const freesPlace = HOLDS_PLACE.includes(from) && !HOLDS_PLACE.includes(input.status);
    const offered = freesPlace ? await offerNextPlace(context, trx, actorOf(viewer), group, now, origin) : undefined;
    return { member: (await findMember(trx, groupId, memberId))!, offered };
  });
  const t = await recipientTranslator(context.database.db, { email: member.email, practiceId: viewer.practiceId });
  const mail = decisionMail(t, input.status, group.name, reason);
  if (mail && member.userId) {
    await sendLater(context, {
      to: member.email,
      practiceId: viewer.practiceId,
      subject: mail.subject,
      text: [t.t('mail.greeting', { name: member.name }), '', mail.text, '', `${context.publicUrl}/`].join('\n'),
    });
  }
  if (offered) await sendLater(context, await placeOfferedMail(context, offered, group.name, viewer.practiceId));
  return presentRosterEntry(member, readsClinical(viewer, group));
}

/** The e-mail that offers someone on the waitlist a freed place, in their language. */
async function placeOfferedMail(
  context: MembershipContext,
  offered: { email: string; name: string },
  group: string,
  practiceId: string,
): Promise<OutgoingMail> {
  const t = await recipientTranslator(context.database.db, { email: offered.email, practiceId });
  return {
    to: offered.email,
    practiceId,
    subject: t.t('mail.placeOffered.subject', { group }),
    text: [
      t.t('mail.greeting', { name: offered.name }),
      '',
      t.t('mail.placeOffered.body', { group, days: WAITLIST_OFFER_HOURS / 24 }),
      '',
      `${context.publicUrl}/`,
    ].join('\n'),
  };
}

/**
 * When a waitlist offer lapses unanswered, its place goes to the next person waiting, with the
 * same 72 hours. The person whose offer lapsed stays on the roster, marked, for their facilitator
 * to talk with. Run by the job worker; each lapsed offer is handled once (its job's key).
 */
export async function passOnLapsedOffers(context: MembershipContext, now: Date): Promise<number> {
  const lapsed = await lapsedOffers(context.database.db, now.toISOString());
  for (const row of lapsed) {
    await context.jobs.enqueue(context.database.db, {
      kind: 'waitlist.pass-on',
      runAt: now,
      payload: { groupId: row.groupId },
      dedupeKey: `waitlist.pass-on:${row.id}:${toInstant(row.offerExpiresAt!)}`,
    });
  }
  return lapsed.length;
}

/** Offers a group's places freed by lapsed offers to the next people waiting. */
export async function offerFreedPlaces(context: MembershipContext, groupId: string, now: Date): Promise<void> {
  const at = now.toISOString();
  const offers = await context.database.db.transaction().execute(async (trx) => {
    await lockGroup(trx, context.database.engine, groupId);
    const group = await trx
      .selectFrom('groups')
      .select(['id', 'name', 'capacity', 'practiceId'])
      .where('id', '=', groupId)
      .executeTakeFirst();
    if (!group) return [];
    const made = [];
    // Every free place, one by one, while someone is waiting.
    for (;;) {
      const offered = await offerNextPlace(context, trx, { actor: null, practiceId: group.practiceId }, group, at, {
        userAgent: 'hearth jobs',
      });
      if (!offered) break;
      made.push({ offered, group });
    }
    return made;
  });
  for (const { offered, group } of offers)
    await sendLater(context, await placeOfferedMail(context, offered, group.name, group.practiceId));
}

/** Offers a freed place to the longest-waiting person, inside the transaction that freed it. */
async function offerNextPlace(
  context: MembershipContext,
  trx: Kysely<DB>,
  actor: Pick<AuditEntry, 'actor' | 'practiceId'>,
  group: { id: string; capacity: number },
  now: string,
  origin: Origin,
) {
  const next = await nextWaiting(trx, group.id);
  if (!next || (await placesTaken(trx, group.id, now)) >= group.capacity) return undefined;
  const expires = new Date(Date.parse(now) + WAITLIST_OFFER_HOURS * 60 * 60 * 1000).toISOString();
  await updateMember(trx, next.id, { status: 'admitted', statusChangedAt: now, offerExpiresAt: expires });
  await insertMemberEvent(trx, {
    id: crypto.randomUUID(),
    groupMemberId: next.id,
    fromStatus: 'waitlisted',
    toStatus: 'admitted',
    reason: 'A place opened.',
    byUserId: null,
    at: now,
  });
  await context.audit.record(trx, {
    action: 'groups.member_status_changed',
    ...actor,
    ...origin,
    subject: { type: 'group-member', id: next.id },
    detail: { groupId: group.id, from: 'waitlisted', to: 'admitted', offer: true },
  });
  return next;
}

/** The intake pipeline: everyone on the way into the groups the viewer runs or oversees. */
export async function intake(context: MembershipContext, viewer: Viewer) {
  // The same groups the viewer sees on the groups page: all for admins and supervisors, facilitated ones for clinicians.
  const groups = (await groupsFor(context, viewer)).filter((g) => g.status === 'active');
  const rows = await listIntake(
    context.database.db,
    viewer.practiceId,
    groups.map((g) => g.id),
  );
  const clinical = new Set(groups.filter((g) => readsClinical(viewer, g)).map((g) => g.id));
  return rows.map((row) => ({
    ...presentRosterEntry(row, clinical.has(row.groupId)),
    groupId: row.groupId,
    groupName: row.groupName,
  }));
}

/** The groups the viewer belongs to or has been referred to, as a member sees them. */
export async function myGroups(context: MembershipContext, viewer: Viewer) {
  const rows = await listOwnMemberships(context.database.db, viewer.practiceId, viewer.userId);
  const result = [];
  for (const row of rows) {
    const group = await loadGroup(context.database.db, viewer.practiceId, row.groupId);
    if (!group || group.status === 'archived') continue;
    result.push(presentMyGroup(group, row, await peerNames(context.database.db, row.groupId)));
  }
  return result;
}

/**
 * The member's own step: accepting the current agreement (with the version they read) and
 * choosing the name peers will see. Joins an admitted person; re-accepts for an active one.
 */
export async function join(
  context: MembershipContext,
  viewer: Viewer,
  groupId: string,
  input: { agreementVersion: number; displayName: string },
  origin: Origin,
) {
  const own = await actingMember(context.database.db, viewer, groupId, 'join');
  const status = own.status as MemberStatus;
  if (status === 'admitted' && own.offerExpiresAt && toInstant(own.offerExpiresAt) < new Date().toISOString()) {
    throw new HttpProblem(409, 'problem.member.offerExpired');
  }
  const group = (await loadGroup(context.database.db, viewer.practiceId, groupId))!;
  if (input.agreementVersion !== group.agreement.version) {
    throw new HttpProblem(409, 'problem.member.agreementChanged', {
      fields: [{ field: 'body.agreementVersion', key: 'problem.member.agreementChangedField' }],
    });
  }
  const now = new Date().toISOString();
  try {
    await context.database.db.transaction().execute(async (trx) => {
      // With the group locked, so that two people cannot each take a look-alike of the other's name.
      await lockGroup(trx, context.database.engine, groupId);
      const peers = (await activeDisplayNames(trx, groupId)).filter((p) => p.userId !== viewer.userId);
      if (peers.some((p) => looksAlike(p.displayName, input.displayName)))
        throw new HttpProblem(409, 'problem.member.nameLookAlike', { field: 'body.displayName' });
      await updateMember(trx, own.id, {
        status: status === 'admitted' ? 'active' : status,
        statusChangedAt: status === 'admitted' ? now : undefined,
        displayName: input.displayName,
        displayNameKey: displayNameKey(input.displayName),
        agreementVersion: input.agreementVersion,
        agreementAcceptedAt: now,
        offerExpiresAt: null,
      });
      if (status === 'admitted') {
        await insertMemberEvent(trx, {
          id: crypto.randomUUID(),
          groupMemberId: own.id,
          fromStatus: status,
          toStatus: 'active',
          reason: null,
          byUserId: viewer.userId,
          at: now,
        });
      }
      await context.audit.record(trx, {
        action: 'groups.member_joined',
        ...actorOf(viewer),
        ...origin,
        subject: { type: 'group-member', id: own.id },
        detail: { groupId, agreementVersion: input.agreementVersion },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new HttpProblem(409, 'problem.member.nameTaken', { field: 'body.displayName' });
    throw error;
  }
  return (await myGroups(context, viewer)).find((g) => g.group.id === groupId)!;
}

/** Turns a group's public self-referral link on (with a new token, so an old link stops working) or off. */
export async function setSelfReferralLink(
  context: MembershipContext,
  viewer: Viewer,
  groupId: string,
  on: boolean,
  origin: Origin,
) {
  await groupFor(context, viewer, groupId, 'edit');
  const token = on ? crypto.randomBytes(18).toString('base64url') : null;
  await context.database.db.transaction().execute(async (trx) => {
    await updateGroup(trx, viewer.practiceId, groupId, {
      selfReferralToken: token,
      updatedAt: new Date().toISOString(),
    });
    await context.audit.record(trx, {
      action: 'groups.updated',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'group', id: groupId },
      detail: { selfReferralLink: on ? 'on' : 'off' },
    });
  });
  return groupFor(context, viewer, groupId);
}

/** How long a confirmation link works: long enough to find the mail, short enough to forget an unconfirmed name soon. */
const CONFIRMATION_HOURS = 24;
/** One confirmation mail an hour per address and group, so the form cannot be used to flood an inbox. */
const CONFIRMATION_RESEND_MINUTES = 60;
/** A form sent sooner than this after it appeared was not typed by a person (autofill is asked once more). */
const HUMAN_FORM_MS = 2000;

/** The one answer to every request, so nobody learns who is already on a list or has asked before. */
/** Problem type of the quiet check: the web app asks the person to look over the form and send it again. */
export const CHECK_AND_SEND_AGAIN = '/problems/check-and-send-again';

/** The group behind an open public link, or 404. */
async function openGroup(context: MembershipContext, token: string) {
  const group = await findGroupForSelfReferral(context.database.db, { token });
  if (!group || group.status !== 'active') throw new HttpProblem(404, 'problem.selfReferral.linkClosed');
  return group;
}

/**
 * What the public self-referral page shows; 404 when the link is off or wrong. `openedAt` is our
 * clock's time, sent back with the form, so the quiet check does not depend on the visitor's clock.
 */
export async function selfReferralPage(context: MembershipContext, token: string) {
  const group = await openGroup(context, token);
  return {
    groupName: group.name,
    description: group.description,
    practiceName: group.practiceName,
    openedAt: new Date().toISOString(),
  };
}

/**
 * Someone asks to join through the public link. Nothing reaches the group yet: the address gets
 * a mail with only our own words and a confirmation link, because the name and address were
 * typed by whoever sent the form, and mail to an address nobody has confirmed must not carry it.
 * A form sent at once (autofill, or a program) is not dropped: the person is asked, honestly, to
 * look it over and send it again.
 */
export async function askToJoin(
  context: MembershipContext,
  token: string,
  input: { name: string; email: string; openedAt: string; website?: string },
  /** The language the public page was read in: the confirmation is written in it. */
  acceptLanguage: string | undefined,
  now = new Date(),
) {
  const group = await openGroup(context, token);
  if (input.website || now.getTime() - Date.parse(input.openedAt) < HUMAN_FORM_MS) {
    throw new HttpProblem(400, 'problem.selfReferral.checkAndSendAgain', { code: CHECK_AND_SEND_AGAIN });
  }
  const db = context.database.db;
  await deleteExpiredSelfReferralRequests(db, now.toISOString());
  const last = await lastSelfReferralRequestAt(db, group.id, input.email);
  if (last && now.getTime() - Date.parse(last) < CONFIRMATION_RESEND_MINUTES * 60_000) {
    return { message: translator(chooseLocale({ acceptLanguage })).t('message.selfReferral.confirmSent') };
  }
  const id = crypto.randomUUID();
  const secret = crypto.randomBytes(32).toString('base64url');
  await insertSelfReferralRequest(db, {
    id,
    groupId: group.id,
    email: input.email,
    name: input.name,
    tokenHash: tokenHash(secret),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + CONFIRMATION_HOURS * 3_600_000).toISOString(),
  });
  // Sent at once, not through the jobs table: the link carries a secret, which must not wait in a table.
  const t = await recipientTranslator(db, { email: input.email, practiceId: group.practiceId, acceptLanguage });
  await context.mailer.send({
    to: input.email,
    practiceId: group.practiceId,
    subject: t.t('mail.confirmAddress.subject'),
    text: t.t('mail.confirmAddress.body', {
      group: group.name,
      practice: group.practiceName,
      // The secret travels after '#', so it never reaches a server log.
      link: `${context.publicUrl}/join/confirm#${id}.${secret}`,
      hours: CONFIRMATION_HOURS,
    }),
  });
  return { message: translator(chooseLocale({ acceptLanguage })).t('message.selfReferral.confirmSent') };
}

/**
 * The person opened the confirmation link: their address is theirs, so the request becomes a
 * referral made on their behalf by the group's first facilitator, and only now does mail with
 * their name go out. An address already on the list gets the same answer.
 */
export async function confirmSelfReferral(
  context: MembershipContext,
  link: string,
  origin: Origin,
  /** The language the confirmation page is read in. */
  locale: string,
) {
  const [id = '', secret = ''] = link.split('.');
  const request = await findSelfReferralRequest(context.database.db, id, tokenHash(secret));
  const gone = new HttpProblem(404, 'problem.selfReferral.linkUsed');
  if (!request || toInstant(request.expiresAt) < new Date().toISOString()) throw gone;
  if (!(await takeSelfReferralRequest(context.database.db, request.id))) throw gone;
  const group = await findGroupForSelfReferral(context.database.db, { id: request.groupId });
  if (!group || group.status !== 'active' || !group.selfReferralToken)
    throw new HttpProblem(404, 'problem.selfReferral.notTaking');
  const facilitator = (await facilitatorsOf(context.database.db, [group.id]))[0];
  const lead = facilitator
    ? (await findActiveMemberships(context.database, facilitator.userId)).find((m) => m.practiceId === group.practiceId)
    : undefined;
  if (!facilitator || !lead) throw new HttpProblem(404, 'problem.selfReferral.notTaking');
  const viewer: Viewer = {
    userId: facilitator.userId,
    name: facilitator.name,
    email: '',
    sessionId: 'self-referral',
    practiceId: group.practiceId,
    practiceName: group.practiceName,
    role: lead.role as Viewer['role'],
    practices: [],
    twoFactorEnabled: true,
    mustEnrolTwoFactor: false,
    locale: null,
    practiceDefaultLocale: DEFAULT_LOCALE,
    practiceCountry: lead.practiceCountry,
    timeZone: null,
  };
  try {
    await refer(context, viewer, group.id, { name: request.name, email: request.email }, origin, 'self');
  } catch (error) {
    // Already on the list: the same thanks, so the link cannot be used to learn who is.
    if (!(error instanceof HttpProblem && error.status === 409)) throw error;
  }
  return { message: translator(locale).t('message.selfReferral.received'), groupName: group.name };
}

/**
 * A referred (or waitlisted) person answers the group's screening questions. The answers are
 * clinical text: encrypted at rest, read only by the group's staff. Answering again replaces them,
 * until a decision is made.
 */
export async function submitScreening(
  context: MembershipContext,
  viewer: Viewer,
  groupId: string,
  answers: string[],
  origin: Origin,
) {
  const own = await actingMember(context.database.db, viewer, groupId, 'screening');
  const group = (await loadGroup(context.database.db, viewer.practiceId, groupId))!;
  if (answers.length !== group.screeningQuestions.length) {
    throw new HttpProblem(400, 'problem.screening.answerEach', {
      fields: [{ field: 'body.answers', key: 'problem.screening.answerEachField' }],
    });
  }
  if (!answers[0])
    throw new HttpProblem(400, 'problem.screening.answerFirst', {
      fields: [{ field: 'body.answers.0', key: 'problem.screening.answerFirstField' }],
    });
  const now = new Date().toISOString();
  const sealed = context.cipher.encrypt(
    JSON.stringify({ questions: group.screeningQuestions, answers }),
    sealedIn('groupMembers.screeningAnswers', own.id),
  );
  await context.database.db.transaction().execute(async (trx) => {
    await updateMember(trx, own.id, { screeningAnswers: sealed, screeningSubmittedAt: now });
    await context.audit.record(trx, {
      action: 'groups.screening_submitted',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'group-member', id: own.id },
      detail: { groupId },
    });
  });
  return (await myGroups(context, viewer)).find((g) => g.group.id === groupId)!;
}

/** A person's screening answers, for the group's clinicians and supervisors; every read is in the audit log. */
export async function screeningAnswers(
  context: MembershipContext,
  viewer: Viewer,
  groupId: string,
  memberId: string,
  origin: Origin,
) {
  await clinicalGroupFor(context, viewer, groupId);
  const member = await findMember(context.database.db, groupId, memberId);
  if (!member) throw new HttpProblem(404, 'problem.member.notOnList');
  const sealed = await findScreeningAnswers(context.database.db, memberId);
  await context.database.db.transaction().execute((trx) =>
    context.audit.record(trx, {
      action: 'clinical.screening_viewed',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'group-member', id: memberId },
      detail: { groupId },
      people: member.userId ? [member.userId] : [],
    }),
  );
  if (!sealed) return { submittedAt: null, items: [] };
  const { questions, answers } = JSON.parse(
    context.cipher.decrypt(sealed, sealedIn('groupMembers.screeningAnswers', memberId)),
  ) as {
    questions: string[];
    answers: string[];
  };
  return {
    submittedAt: member.screeningSubmittedAt ? toInstant(member.screeningSubmittedAt) : null,
    items: questions.map((question, i) => ({ question, answer: answers[i] ?? '' })),
  };
}
