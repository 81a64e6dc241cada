import crypto from 'node:crypto';
import { passwordProblem, passwordProblemMessage } from '../../../domain/password-strength.js';
import { roleInSentence, type Role } from '../../../domain/roles.js';
import type { Database } from '../../db/connect.js';
import { isUniqueViolation } from '../../db/errors.js';
import { toInstant } from '../../db/instant.js';
import type { AuditEntry, AuditLog } from '../../platform/audit/audit-log.js';
import { actorOf } from '../../platform/audit/request-context.js';
import { hashPassword, verifyPassword } from '../../platform/auth/password-hasher.js';
import { deleteAllSessions } from '../../platform/auth/session.repository.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import { tokenHash } from '../../platform/crypto/token-hash.js';
import { HttpProblem } from '../../platform/problem.js';
import type { Broker } from '../../platform/realtime/broker.js';
import { closeLiveSessions } from '../../platform/realtime/session-control.js';
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
  broker: Broker;
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
  /** A sentence about why, added to the e-mail (a referral to a group, say). */
  note?: string,
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
  await context.mailer.send({
    to: input.email,
    practiceId: viewer.practiceId,
    linkExpiresAt: expiresAt.toISOString(),
    subject: `You are invited to ${viewer.practiceName} on Hearth`,
    text: [
      `Hello ${input.name},`,
      '',
      `${viewer.name} has invited you to join ${viewer.practiceName} on Hearth as ${roleInSentence(input.role)}.`,
      ...(note ? ['', note] : []),
      '',
      'To accept, open this link and choose a password:',
      link,
      '',
      `The link works once, for ${INVITATION_DAYS} days.`,
      'If you were not expecting this, you can ignore this e-mail.',
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
 * Disables or re-enables a person in the viewer's practice. Disabling ends every session they
 * have and closes their live connections on every instance at once.
 */
export async function setDisabled(
  context: PeopleContext,
  viewer: Viewer,
  userId: string,
  disabled: boolean,
  origin: Origin,
): Promise<void> {
  await context.database.db.transaction().execute(async (trx) => {
    const target = await findMember({ db: trx }, viewer.practiceId, userId);
    if (!target) throw new HttpProblem(404, NOT_FOUND);
    const refusal = refuseManage(viewer, { userId, role: target.role as Role });
    if (refusal) throw new HttpProblem(403, refusal);
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
  });
  if (disabled) {
    await deleteAllSessions(context.database, userId);
    await closeLiveSessions(context.broker, userId, null);
  }
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

/** What someone holding an invitation link is invited to. */
export async function lookupInvitation(database: Database, token: string) {
  const invitation = await openInvitation(database, token);
  const account = await findUserByEmail(database, invitation.email);
  return {
    practiceName: invitation.practiceName,
    email: invitation.email,
    name: invitation.name ?? '',
    role: invitation.role as Role,
    accountExists: Boolean(account),
  };
}

/**
 * Accepts an invitation: a new account with the chosen password, or, for an address that
 * already has one, the existing account after checking its password. Returns the e-mail to sign in with.
 */
export async function acceptInvitation(
  context: PeopleContext,
  input: { token: string; name?: string; password: string },
  origin: Origin,
): Promise<{ email: string }> {
  const invitation = await openInvitation(context.database, input.token);
  const role = invitation.role as Role;
  const existing = await findUserByEmail(context.database, invitation.email);
  let newPasswordHash: string | undefined;
  if (!existing) {
    const problem = passwordProblem(input.password, [invitation.email, input.name ?? invitation.name ?? '']);
    if (problem)
      throw new HttpProblem(400, passwordProblemMessage[problem], [
        { field: 'body.password', message: passwordProblemMessage[problem] },
      ]);
    newPasswordHash = await hashPassword(input.password);
  }
  const now = new Date().toISOString();
  try {
    await context.database.db.transaction().execute(async (trx) => {
      let userId: string;
      if (existing) {
        const hash = await findPasswordHash(trx, existing.id);
        if (!hash || !(await verifyPassword(hash, input.password))) {
          throw new HttpProblem(400, 'That is not the password of your Hearth account.', [
            { field: 'body.password', message: 'That is not the password of your Hearth account.' },
          ]);
        }
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
