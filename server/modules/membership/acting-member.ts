import type { Kysely } from 'kysely';
import { mayAct, type MemberAction, type MemberStatus } from '../../../domain/membership.js';
import type { DB } from '../../db/schema.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import type { ServerMessageKey } from '../../platform/i18n.js';
import { HttpProblem } from '../../platform/problem.js';
import { findOwnMembership } from './membership.repository.js';

/** Why a member cannot take an action from their status, kindly worded. */
function notNow(action: MemberAction, status: MemberStatus): ServerMessageKey {
  if (status === 'referred' || status === 'waitlisted')
    return action === 'screening' ? 'problem.memberAction.questionsClosed' : 'problem.memberAction.noPlaceYet';
  if (action === 'screening') return 'problem.memberAction.decisionMade';
  if (status === 'admitted') return 'problem.memberAction.joinFirst';
  if (status === 'completed' && action === 'forms') return 'problem.memberAction.finished';
  return 'problem.memberAction.placeEnded';
}

/**
 * The viewer's own membership of a group, checked for the action they take now: the one check
 * every member action makes (screening, joining, answering forms, reminders), so that someone
 * removed, or who left, keeps nothing but their own history (domain/membership MEMBER_ACTIONS).
 */
export async function actingMember(db: Kysely<DB>, viewer: Viewer, groupId: string, action: MemberAction) {
  const own = await findOwnMembership(db, viewer.practiceId, groupId, viewer.userId);
  if (!own) throw new HttpProblem(404, 'problem.memberAction.notOnList');
  if (!mayAct(own.status as MemberStatus, action))
    throw new HttpProblem(409, notNow(action, own.status as MemberStatus));
  return own;
}
