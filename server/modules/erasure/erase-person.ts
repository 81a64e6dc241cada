import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { ERASED_NAME, FORMER_MEMBER } from '../../../domain/retention.js';
import { ENDINGS, type MemberStatus } from '../../../domain/membership.js';
import type { Engine } from '../../db/connect.js';
import type { ClinicalCipher } from '../../platform/crypto/clinical-cipher.js';
import { sealedIn } from '../../platform/crypto/encrypted-columns.js';
import { boolValue } from '../../db/values.js';
import type { DB } from '../../db/schema.js';

/** Why an erased person's open memberships ended, as staff read it on the group's history. */
const ENDED_BY_ERASURE = ERASED_NAME;

/**
 * An address that can never receive mail (`.invalid` is reserved, RFC 2606) and is unique, so
 * the account's row stays (clinical records point at it) while no address of the person does.
 */
export function erasedAddress(userId: string): string {
  return `erased-${userId}@erased.invalid`;
}

/**
 * Erases a person's sign-in and contact details everywhere, and their place in one practice's
 * groups, inside the caller's transaction (docs/decisions/0030). Clinical records stay, each
 * membership marked erased with `retainUntil`. Returns the ids of the sessions it ended, whose
 * live connections the caller closes after commit, and how many memberships it marked.
 */
export async function erasePerson(
  trx: Kysely<DB>,
  engine: Engine,
  input: {
    userId: string;
    email: string;
    practiceId: string;
    byUserId: string;
    retainUntil: string;
    now: string;
    cipher: ClinicalCipher;
  },
): Promise<{ sessionIds: string[]; memberships: number }> {
  const { userId, email, practiceId, now } = input;
  const erasedEmail = erasedAddress(userId);

  // Sign-in: sessions, passwords, two-step secrets and codes, reset links and pending second steps.
  const sessionIds = (await trx.selectFrom('sessions').select('id').where('userId', '=', userId).execute()).map(
    (s) => s.id,
  );
  await trx.deleteFrom('sessions').where('userId', '=', userId).execute();
  await trx.deleteFrom('accounts').where('userId', '=', userId).execute();
  await trx.deleteFrom('twoFactors').where('userId', '=', userId).execute();
  await trx.deleteFrom('usedSecondFactorCodes').where('userId', '=', userId).execute();
  // better-auth keeps the account's id as the value of its reset links and second-step tokens.
  await trx.deleteFrom('verifications').where('value', 'like', `%${userId}%`).execute();
  await trx.deleteFrom('calendarFeeds').where('userId', '=', userId).execute();
  await trx.deleteFrom('reminderOptOuts').where('userId', '=', userId).execute();
  // Kept answers to their requests may repeat what they sent.
  await trx.deleteFrom('idempotencyKeys').where('scope', 'like', `${userId}:%`).execute();

  // Contact details: invitations and public-link requests under the address, and mail jobs to it
  // (waiting reminders and notices, and sent ones kept for a week), whose payloads hold it.
  await trx.deleteFrom('practiceInvitations').where('email', '=', email).execute();
  await trx.deleteFrom('selfReferralRequests').where('email', '=', email).execute();
  await trx
    .deleteFrom('jobs')
    .where('kind', '=', 'mail.send')
    .where('payload', 'like', `%${JSON.stringify(email).slice(1, -1)}%`)
    .execute();
  await trx
    .updateTable('users')
    .set({
      email: erasedEmail,
      name: FORMER_MEMBER,
      image: null,
      emailVerified: boolValue(engine, false),
      // Generated<Bool> has no update type of its own in schema.ts; the value is the engine's false.
      twoFactorEnabled: boolValue(engine, false) as never,
      updatedAt: now,
    })
    .where('id', '=', userId)
    .execute();
  // No practice grants them anything any more; the rows stay as the record that they belonged.
  await trx
    .updateTable('practiceMembers')
    .set({ disabledAt: now, disabledBy: input.byUserId })
    .where('userId', '=', userId)
    .where('disabledAt', 'is', null)
    .execute();

  // Their groups in this practice: open memberships end; peers and staff see "a former member".
  const rows = await trx
    .selectFrom('groupMembers')
    .select(['id', 'status', 'displayName'])
    .where('practiceId', '=', practiceId)
    .where('userId', '=', userId)
    .execute();
  for (const row of rows) {
    const open = !ENDINGS.includes(row.status as MemberStatus);
    await trx
      .updateTable('groupMembers')
      .set({
        // Staff see the mark where the name was; peers see "a former member".
        name: ERASED_NAME,
        email: erasedEmail,
        displayName: row.displayName === null ? null : FORMER_MEMBER,
        // Free for someone else to choose; several former members share the words.
        displayNameKey: null,
        erasedAt: now,
        retainUntil: input.retainUntil,
        offerExpiresAt: null,
        ...(open && { status: 'left', endReason: ENDED_BY_ERASURE, statusChangedAt: now }),
      })
      .where('id', '=', row.id)
      .execute();
    if (open)
      await trx
        .insertInto('groupMemberEvents')
        .values({
          id: crypto.randomUUID(),
          groupMemberId: row.id,
          fromStatus: row.status,
          toStatus: 'left',
          reason: ENDED_BY_ERASURE,
          byUserId: input.byUserId,
          at: now,
        })
        .execute();
  }
  // Peer-facing practice (docs/decisions/0042): their entries shared with the group leave its view
  // (kept for their facilitators, as clinical records are), and the feedback they gave peers goes.
  const memberships = rows.map((r) => r.id);
  if (memberships.length > 0) {
    await trx
      .updateTable('practiceLogs')
      .set({ visibility: 'facilitators', sharedAt: null, updatedAt: now })
      .where('groupMemberId', 'in', memberships)
      .where('visibility', '=', 'group')
      .execute();
    await trx.deleteFrom('practiceFeedback').where('groupMemberId', 'in', memberships).execute();
  }
  // Questionnaires sent but never started hold nothing clinical and would only remind them.
  await trx
    .deleteFrom('measureForms')
    .where('groupMemberId', 'in', (eb) =>
      eb.selectFrom('groupMembers').select('id').where('practiceId', '=', practiceId).where('userId', '=', userId),
    )
    .where('submittedAt', 'is', null)
    .where('answers', 'is', null)
    .execute();
  // Their safety plan, every version, and their reflections, shared or not, are their own work
  // (docs/decisions/0050): the clinical record of their care is the notes, which stay.
  await trx.deleteFrom('safetyPlans').where('practiceId', '=', practiceId).where('userId', '=', userId).execute();
  await trx.deleteFrom('ifsItems').where('practiceId', '=', practiceId).where('userId', '=', userId).execute();
  // In the group's space their posts stay, by "a former member" (0030); their reactions and where
  // they were reading were marks for themselves.
  await trx
    .deleteFrom('spaceReactions')
    .where('userId', '=', userId)
    .where('postId', 'in', (eb) => eb.selectFrom('spacePosts').select('id').where('practiceId', '=', practiceId))
    .execute();
  await trx
    .deleteFrom('spaceReaders')
    .where('userId', '=', userId)
    .where('groupId', 'in', (eb) => eb.selectFrom('groups').select('id').where('practiceId', '=', practiceId))
    .execute();
  // The live room's record of commands already done is ids only; their chat stays, by "a former member".
  if (memberships.length > 0) {
    await trx.deleteFrom('roomCommands').where('actor', 'in', memberships).execute();
    await renameInRoomLogs(trx, input.cipher, memberships);
  }
  // An archive of their data, ready or being prepared, holds everything this removes.
  await trx.deleteFrom('dataExports').where('userId', '=', userId).execute();
  return { sessionIds, memberships: rows.length };
}

/**
 * A room's log names everyone on its roster by display name once, as it opens; a session's
 * summary is folded from that log, so the member's name there becomes "a former member" too,
 * as it is in the group's list. The event stays sealed to its place in the log.
 */
async function renameInRoomLogs(trx: Kysely<DB>, cipher: ClinicalCipher, memberships: string[]): Promise<void> {
  const opened = await trx
    .selectFrom('roomEvents')
    .select(['roomId', 'seq', 'body'])
    .where('type', '=', 'room.opened')
    .where('roomId', 'in', (eb) =>
      eb
        .selectFrom('rooms')
        .select('id')
        .where('groupId', 'in', eb.selectFrom('groupMembers').select('groupId').where('id', 'in', memberships)),
    )
    .execute();
  for (const row of opened) {
    const at = sealedIn('roomEvents.body', row.roomId, String(row.seq));
    const event = JSON.parse(cipher.decrypt(row.body, at)) as {
      people?: Array<{ personId: string; displayName: string }>;
    };
    if (!event.people?.some((p) => memberships.includes(p.personId))) continue;
    event.people = event.people.map((p) =>
      memberships.includes(p.personId) ? { ...p, displayName: FORMER_MEMBER } : p,
    );
    await trx
      .updateTable('roomEvents')
      .set({ body: cipher.encrypt(JSON.stringify(event), at) })
      .where('roomId', '=', row.roomId)
      .where('seq', '=', row.seq)
      .execute();
  }
}
