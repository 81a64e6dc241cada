import type { Kysely } from 'kysely';
import { mayAct, type MemberAction, type MemberStatus } from '../../../domain/membership.js';
import type { DB } from '../../db/schema.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import { HttpProblem } from '../../platform/problem.js';
import { findOwnMembership } from './membership.repository.js';

/** Why a member cannot take an action from their status, kindly worded. */
function notNow(action: MemberAction, status: MemberStatus): string {
  if (status === 'referred' || status === 'waitlisted')
    return action === 'screening'
      ? 'The questions are closed.'
      : 'There is no place for you in this group yet. We will let you know.';
  if (action === 'screening') return 'A decision about your place has already been made, so the questions are closed.';
  if (status === 'admitted') return 'Please join the group first: read the agreement and choose your name.';
  if (status === 'completed' && action === 'forms')
    return 'You have finished this group, so its regular check-ins are closed.';
  return 'Your place in this group has ended, so this is closed. Your facilitator can tell you more.';
}

/**
 * The viewer's own membership of a group, checked for the action they take now: the one check
 * every member action makes (screening, joining, answering forms, reminders), so that someone
 * removed, or who left, keeps nothing but their own history (domain/membership MEMBER_ACTIONS).
 */
export async function actingMember(db: Kysely<DB>, viewer: Viewer, groupId: string, action: MemberAction) {
  const own = await findOwnMembership(db, viewer.practiceId, groupId, viewer.userId);
  if (!own) throw new HttpProblem(404, 'You are not on this group’s list.');
  if (!mayAct(own.status as MemberStatus, action))
    throw new HttpProblem(409, notNow(action, own.status as MemberStatus));
  return own;
}
