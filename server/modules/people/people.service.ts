import crypto from 'node:crypto';
import { passwordProblem, passwordProblemMessage } from '../../../domain/password-strength.js';
import type { Role } from '../../../domain/roles.js';
import type { Translator } from '../../platform/i18n.js';
import { recipientTranslator } from '../../platform/mail/recipient-language.js';
import type { Database } from '../../db/connect.js';
import { isUniqueViolation } from '../../db/errors.js';
import { toInstant } from '../../db/instant.js';
import type { AuditEntry, AuditLog } from '../../platform/audit/audit-log.js';
import { actorOf } from '../../platform/audit/request-context.js';
import { hashPassword, verifyPassword } from '../../platform/auth/password-hasher.js';
import { deleteSessionsActingIn } from '../../platform/auth/session.repository.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import { tokenHash } from '../../platform/crypto/token-hash.js';
import { HttpProblem } from '../../platform/problem.js';
import type { LiveSessions } from '../../platform/realtime/session-control.js';
import {
  cancelPendingInvitations,
  findInvitationForLink,
  findInvitationInPractice,
  insertInvitation,
  setInvitationStatus,
} from './invitation.repository.js';
import {
  countActiveOwners,
  findMember,
  findPasswordHash,
  findUserByEmail,
  insertMembership,
  insertPerson,
  updateMembership,
} from './people.repository.js';
import { refuseInvite, refuseManage } from './people.policy.js';
import { linkMembershipsByEmail } from '../membership/membership.repository.js';

/** An invitation link works for seven days (the identity issue's rule). */
export const INVITATION_DAYS = 7;

export interface PeopleContext {
  database: Database;
  audit: AuditLog;
  liveSessions: LiveSessions;
  mailer: Mailer;
  publicUrl: string;
}

type Origin = Pick<AuditEntry, 'ip' | 'userAgent'>;

const NOT_FOUND = 'There is no such person in your practice.';

/**
 * Invites someone by e-mail; the link carries a secret that only its hash is stored for. Returns
 * the link too, for callers that hand it on themselves (the route does not return it).
 */
export async function invite(
  context: PeopleContext,
  viewer: Viewer,
  input: { email: string; name: string; role: Role },
  origin: Origin,
  /** A sentence about why, in the recipient's language, added to the e-mail (a referral to a group, say). */
  note?: (t: Translator) => string,
): Promise<{ id: string; link: string; replaced: boolean }> {
  const refusal = refuseInvite(viewer, input.role);
  if (refusal) throw new HttpProblem(403, refusal, [{ field: 'body.role', message: refusal }]);
  const existing = await findUserByEmail(context.database, input.email);
  if (existing) {
    const member = await findMember(context.database, viewer.practiceId, existing.id);
    if (member)
      throw new HttpProblem(409, `${input.email} is already in your practice.`, [
        { field: 'body.email', message: 'Already in your practice.' },
      ]);
  }
  const id = crypto.randomUUID();
  let replaced = false;
  const secret = crypto.randomBytes(32).toString('base64url');
  const now = new Date();
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 24 * 60 * 60 * 1000);
  await context.database.db.transaction().execute(async (trx) => {
    replaced = await cancelPendingInvitations(trx, viewer.practiceId, input.email);
    await insertInvitation(trx, {
      id,
      practiceId: viewer.practiceId,
      email: input.email,
      name: input.name,
      role: input.role,
      tokenHash: tokenHash(secret),
      inviterId: viewer.userId,
      expiresAt: expiresAt.toISOString(),
      now: now.toISOString(),
    });
    await context.audit.record(trx, {
      action: 'people.invited',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'invitation', id },
      detail: { role: input.role },
    });
  });
  // The secret travels after '#', so it never reaches a server log, not even ours.
  const link = `${context.publicUrl}/invitation#${id}.${secret}`;
  const t = await recipientTranslator(context.database.db, { email: input.email, practiceId: viewer.practiceId });
  await context.mailer.send({
    to: input.email,
    practiceId: viewer.practiceId,
    linkExpiresAt: expiresAt.toISOString(),
    subject: t.t('mail.invitation.subject', { practice: viewer.practiceName }),
    text: [
      t.t('mail.greeting', { name: input.name }),
      '',
      t.t('mail.invitation.invited', { inviter: viewer.name, practice: viewer.practiceName, role: input.role }),
      ...(note ? ['', note(t)] : []),
      '',
      t.t('mail.invitation.accept', { link, days: INVITATION_DAYS }),
    ].join('\n'),
  });
  return { id, link, replaced };
}

/** Withdraws a pending invitation of the viewer's practice. */
export async function revokeInvitation(
  context: PeopleContext,
  viewer: Viewer,
  invitationId: string,
  origin: Origin,
): Promise<void> {
  await context.database.db.transaction().execute(async (trx) => {
    const invitation = await findInvitationInPractice(trx, viewer.practiceId, invitationId);
    if (!invitation || invitation.status !== 'pending')
      throw new HttpProblem(404, 'There is no such invitation waiting.');
    await setInvitationStatus(trx, invitationId, 'canceled', new Date().toISOString());
    await context.audit.record(trx, {
      action: 'people.invitation_revoked',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'invitation', id: invitationId },
    });
  });
}

/** Gives a person of the viewer's practice another role. */
export async function changeRole(
  context: PeopleContext,
  viewer: Viewer,
  userId: string,
  role: Role,
  origin: Origin,
): Promise<void> {
  await context.database.db.transaction().execute(async (trx) => {
    const target = await findMember({ db: trx }, viewer.practiceId, userId);
    if (!target) throw new HttpProblem(404, NOT_FOUND);
    const refusal = refuseManage(viewer, { userId, role: target.role as Role }, role);
    if (refusal) throw new HttpProblem(403, refusal);
    if (target.role === role) return;
    await updateMembership(trx, viewer.practiceId, userId, { role });
    if (target.role === 'owner' && (await countActiveOwners(trx, viewer.practiceId)) === 0) {
      throw new HttpProblem(409, 'A practice needs at least one owner. Make someone else owner first.');
    }
    await context.audit.record(trx, {
      action: 'people.role_changed',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'user', id: userId },
      detail: { from: target.role, to: role },
    });
  });
}

/**
 * Disables or re-enables a person in the viewer's practice. Disabling ends their sessions that act
 * in this practice and closes those live connections on every instance at once; their sessions in
 * another practice where they are still active are that practice's to end.
 */
export async function setDisabled(
  context: PeopleContext,
  viewer: Viewer,
  userId: string,
  disabled: boolean,
  origin: Origin,
): Promise<void> {
  const ended = await context.database.db.transaction().execute(async (trx) => {
    const target = await findMember({ db: trx }, viewer.practiceId, userId);
    if (!target) throw new HttpProblem(404, NOT_FOUND);
    const refusal = refuseManage(viewer, { userId, role: target.role as Role });
    if (refusal) throw new HttpProblem(403, refusal);
    const sessionIds = disabled ? await deleteSessionsActingIn(trx, userId, viewer.practiceId) : [];
    await updateMembership(trx, viewer.practiceId, userId, {
      disabledAt: disabled ? new Date().toISOString() : null,
      disabledBy: disabled ? viewer.userId : null,
    });
    if (disabled && target.role === 'owner' && (await countActiveOwners(trx, viewer.practiceId)) === 0) {
      throw new HttpProblem(409, 'A practice needs at least one owner who can sign in.');
    }
    await context.audit.record(trx, {
      action: disabled ? 'people.disabled' : 'people.enabled',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'user', id: userId },
    });
    return sessionIds;
  });
  if (ended.length) await context.liveSessions.close(userId, ended);
}

/** Checks an invitation link; the words say what to do when it cannot be used. */
async function openInvitation(database: Database, token: string) {
  const [id, secret] = token.split('.') as [string, string];
  const invitation = await findInvitationForLink(database.db, id);
  const expected = invitation?.tokenHash ? Buffer.from(invitation.tokenHash, 'hex') : Buffer.alloc(32);
  const matches = crypto.timingSafeEqual(expected, Buffer.from(tokenHash(secret), 'hex'));
  if (!invitation || !matches) {
    // A used or withdrawn invitation has no hash left: say so kindly when the id is right.
    if (invitation?.status === 'accepted')
      throw new HttpProblem(410, 'This invitation has already been used. Sign in instead.');
    if (invitation?.status === 'canceled')
      throw new HttpProblem(410, 'This invitation was withdrawn. Ask your practice for a new one.');
    throw new HttpProblem(404, 'This invitation link is not valid. Check that you copied all of it.');
  }
  if (invitation.status === 'accepted')
    throw new HttpProblem(410, 'This invitation has already been used. Sign in instead.');
  if (invitation.status !== 'pending')
    throw new HttpProblem(410, 'This invitation was withdrawn. Ask your practice for a new one.');
  if (toInstant(invitation.expiresAt) < new Date().toISOString()) {
    throw new HttpProblem(410, `This invitation has expired. Ask ${invitation.practiceName} for a new one.`);
  }
  return invitation;
}

/**
 * What someone holding an invitation link is invited to. Never whether the address has an account:
 * whoever holds the link (an admin reading the outbox, say) would learn it about any address.
 */
export async function lookupInvitation(database: Database, token: string) {
  const invitation = await openInvitation(database, token);
  return {
    practiceName: invitation.practiceName,
    email: invitation.email,
    name: invitation.name ?? '',
    role: invitation.role as Role,
  };
}

/** Wrong passwords counted with sign-in's, for the invitation's address (platform/rate-limits). */
export interface PasswordAttempts {
  /** Throws 429 while the address, or the client, is at sign-in's limit. */
  guard(email: string): Promise<void>;
  recordFailure(email: string): Promise<void>;
}

/** Said when an invitation is accepted with a password that is not the existing account's. */
export const NOT_THE_PASSWORD =
  'That is not the password of the Hearth account for this e-mail address. If you have forgotten it, you can reset it from the sign-in page.';

/**
 * Accepts an invitation: a new account with the chosen password, or, for an address that
 * already has one, the existing account after checking its password, under sign-in's limits on
 * wrong passwords. Every check that does not depend on the account comes first, so a refusal
 * before the password is checked says nothing about whether the account exists (decision 0014).
 * Returns the e-mail to sign in with.
 */
export async function acceptInvitation(
  context: PeopleContext,
  input: { token: string; name?: string; password: string },
  attempts: PasswordAttempts,
  origin: Origin,
): Promise<{ email: string }> {
  const invitation = await openInvitation(context.database, input.token);
  const role = invitation.role as Role;
  await attempts.guard(invitation.email);
  // Every account's password passed these rules when it was chosen.
  const problem = passwordProblem(input.password, [invitation.email, input.name ?? invitation.name ?? '']);
  if (problem)
    throw new HttpProblem(400, passwordProblemMessage[problem], [
      { field: 'body.password', message: passwordProblemMessage[problem] },
    ]);
  const existing = await findUserByEmail(context.database, invitation.email);
  if (existing) {
    const hash = await findPasswordHash(context.database.db, existing.id);
    if (!hash || !(await verifyPassword(hash, input.password))) {
      await attempts.recordFailure(invitation.email);
      throw new HttpProblem(400, NOT_THE_PASSWORD, [{ field: 'body.password', message: NOT_THE_PASSWORD }]);
    }
  }
  const newPasswordHash = existing ? undefined : await hashPassword(input.password);
  const now = new Date().toISOString();
  try {
    await context.database.db.transaction().execute(async (trx) => {
      let userId: string;
      if (existing) {
        userId = existing.id;
      } else {
        userId = crypto.randomUUID();
        const name = input.name ?? invitation.name ?? '';
        if (!name)
          throw new HttpProblem(400, 'Enter your name.', [{ field: 'body.name', message: 'Enter your name.' }]);
        await insertPerson(trx, context.database.engine, {
          id: userId,
          name,
          email: invitation.email,
          passwordHash: newPasswordHash!,
          now,
        });
      }
      const member = await findMember({ db: trx }, invitation.practiceId, userId);
      if (member)
        await updateMembership(trx, invitation.practiceId, userId, { role, disabledAt: null, disabledBy: null });
      else await insertMembership(trx, { practiceId: invitation.practiceId, userId, role, now });
      await setInvitationStatus(trx, invitation.id, 'accepted', now);
      // Referrals to groups made before the person had an account now belong to it.
      await linkMembershipsByEmail(trx, invitation.practiceId, invitation.email, userId);
      await context.audit.record(trx, {
        action: 'people.invitation_accepted',
        practiceId: invitation.practiceId,
        actor: { userId, role },
        ...origin,
        subject: { type: 'invitation', id: invitation.id },
        detail: { role, newAccount: !existing },
      });
    });
  } catch (error) {
    // Two tabs accepting at once: the second finds the account already made.
    if (isUniqueViolation(error)) throw new HttpProblem(410, 'This invitation has already been used. Sign in instead.');
    throw error;
  }
  return { email: invitation.email };
}
