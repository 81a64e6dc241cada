import crypto from 'node:crypto';
import { DateTime } from 'luxon';
import { mayAct, type MemberStatus } from '../../../domain/membership.js';
import { FORMER_MEMBER } from '../../../domain/retention.js';
import { GROUP_LEAD_ROLES } from '../../../domain/roles.js';
import {
  digestDue,
  inQuietHours,
  SPACE_REACTIONS,
  type SpaceChannel,
  type SpaceDigest,
  type SpaceHeldFor,
  type SpaceModeration,
  type SpacePostStatus,
  type SpaceReaction,
} from '../../../domain/space.js';
import { toInstant } from '../../db/instant.js';
import { boolValue } from '../../db/values.js';
import type { AuditEntry } from '../../platform/audit/audit-log.js';
import { actorOf } from '../../platform/audit/request-context.js';
import type { Viewer } from '../../platform/auth/viewer.js';
import type { ClinicalCipher } from '../../platform/crypto/clinical-cipher.js';
import { sealedIn } from '../../platform/crypto/encrypted-columns.js';
import { translator } from '../../platform/i18n.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import type { Broker } from '../../platform/realtime/broker.js';
import { announceSpaceChange, type AnnounceLog } from '../../platform/realtime/changes.js';
import { HttpProblem } from '../../platform/problem.js';
import { raiseMemberAlert } from '../alerts/member-alert.js';
import { groupFor, loadGroup, readsClinical, type GroupsContext } from '../groups/groups.service.js';
import { actingMember } from '../membership/acting-member.js';
import {
  addReaction,
  digestReaders,
  findPost,
  findReader,
  findReport,
  groupModeration,
  groupPosts,
  groupReactions,
  groupReports,
  insertModeration,
  insertPost,
  insertReport,
  publishedBy,
  publishedSince,
  removeReaction,
  resolveReport,
  saveReader,
  saveSpaceSettings,
  spaceSettings,
  updatePost,
  type PostRow,
  type SpaceSettings,
} from './space.repository.js';
import type { ModerationBody, NewPostBody, SettingsBody } from './space.schema.js';
import { screenForSpace } from './space.screening.js';

export type SpaceContext = GroupsContext & {
  cipher: ClinicalCipher;
  jobs: JobQueue;
  broker: Broker;
  publicUrl?: string;
  /** Where a change that could not be announced live is reported. */
  log: AnnounceLog;
};
type Origin = Pick<AuditEntry, 'ip' | 'userAgent'>;

/**
 * Who the viewer is in a group's space:
 * - member: an active (or on-leave) member: reads what is published and their own held posts, writes;
 * - facilitator: runs the group (reads clinical and leads groups): reads everything with authors, moderates;
 * - reader: a supervisor: reads everything with authors, moderates nothing;
 * - counts: an owner or admin who does not facilitate it: numbers only (decision 0019).
 * Anyone else gets 404; a member whose place has ended gets 409, at once.
 */
type Access =
  | { kind: 'member'; groupId: string; groupName: string; timeZone: string; memberId: string }
  | { kind: 'facilitator' | 'reader' | 'counts'; groupId: string; groupName: string; timeZone: string };

async function spaceAccess(context: SpaceContext, viewer: Viewer, groupId: string): Promise<Access> {
  if (viewer.role === 'member') {
    const member = await actingMember(context.database.db, viewer, groupId, 'space');
    const group = await loadGroup(context.database.db, viewer.practiceId, groupId);
    if (!group) throw new HttpProblem(404, 'problem.memberAction.notOnList');
    return { kind: 'member', groupId, groupName: group.name, timeZone: group.timeZone, memberId: member.id };
  }
  const group = await groupFor(context, viewer, groupId);
  const base = { groupId, groupName: group.name, timeZone: group.timeZone };
  if (!readsClinical(viewer, group)) return { kind: 'counts', ...base };
  return { kind: GROUP_LEAD_ROLES.includes(viewer.role) ? 'facilitator' : 'reader', ...base };
}

async function facilitatorOf(context: SpaceContext, viewer: Viewer, groupId: string) {
  const access = await spaceAccess(context, viewer, groupId);
  if (access.kind !== 'facilitator') throw new HttpProblem(403, 'problem.space.facilitatorsOnly');
  return access;
}

const isOpen = (status: string | null) => status !== null && mayAct(status as MemberStatus, 'space');

/** What a post may be seen as by the viewer; null when they may not see it at all. */
function visibleTo(access: Access, viewer: Viewer, post: Pick<PostRow, 'status' | 'authorUserId'>): boolean {
  if (access.kind === 'facilitator' || access.kind === 'reader') return true;
  if (access.kind === 'counts') return false;
  if (post.status === 'published') return true;
  // Their own post waiting for a facilitator, or kept private: the author still sees it.
  return post.authorUserId === viewer.userId && (post.status === 'held' || post.status === 'private');
}

function open(context: SpaceContext, row: { id: string; title: string | null; body: string; editNote: string | null }) {
  return {
    title: row.title ? context.cipher.decrypt(row.title, sealedIn('spacePosts.title', row.id)) : null,
    body: context.cipher.decrypt(row.body, sealedIn('spacePosts.body', row.id)),
    editNote: row.editNote ? context.cipher.decrypt(row.editNote, sealedIn('spacePosts.editNote', row.id)) : null,
  };
}

/** The name peers see for someone in the group now: their display name, or "a former member". */
function peerName(row: { displayName: string | null; memberStatus: string | null; erasedAt: unknown }) {
  if (row.erasedAt || !isOpen(row.memberStatus) || !row.displayName) return FORMER_MEMBER;
  return row.displayName;
}

type ReactionRow = Awaited<ReturnType<typeof groupReactions>>[number];

function presentPost(context: SpaceContext, access: Access, viewer: Viewer, row: PostRow, reactions: ReactionRow[]) {
  const staff = access.kind === 'facilitator' || access.kind === 'reader';
  const { title, body, editNote } = open(context, row);
  const byStaff = row.groupMemberId === null;
  const mine = row.authorUserId === viewer.userId;
  const anonymous = Boolean(row.anonymous);
  const name = byStaff ? row.userName : anonymous ? null : peerName(row);
  return {
    id: row.id,
    threadId: row.threadId,
    channel: row.channel as SpaceChannel,
    title,
    body,
    status: row.status as SpacePostStatus,
    heldFor: row.status === 'held' ? (row.heldFor as 'screening' | 'premoderation') : null,
    author: {
      // Null for an anonymous post: peers never learn who wrote it, from any field.
      name,
      facilitator: byStaff,
      anonymous,
      mine,
      // Only those who run the group see who wrote an anonymous post, and a member's full name.
      ...(staff && !byStaff ? { member: { name: row.memberName ?? '', displayName: row.displayName } } : {}),
    },
    pinned: Boolean(row.pinned),
    locked: Boolean(row.locked),
    editNote: staff || mine ? editNote : null,
    ...(staff ? { screening: row.screeningLevel as 'none' | 'flag' | 'urgent' } : {}),
    createdAt: toInstant(row.createdAt),
    reactions: SPACE_REACTIONS.map((kind) => {
      const of = reactions.filter((r) => r.postId === row.id && r.kind === kind);
      return {
        kind,
        // Who reacted, by the names the group knows them by: a person reaching out, not a score.
        names: of.map((r) => (r.memberStatus === null ? r.userName : peerName(r))),
        mine: of.some((r) => r.userId === viewer.userId),
      };
    }),
  };
}
export type PresentedPost = ReturnType<typeof presentPost>;

/** Reading a group's space: its threads with their replies, and what members are told about it. */
export async function viewSpace(context: SpaceContext, viewer: Viewer, groupId: string, origin: Origin) {
  const db = context.database.db;
  const access = await spaceAccess(context, viewer, groupId);
  const [settings, rows, reactions, reader] = await Promise.all([
    spaceSettings(db, groupId),
    groupPosts(db, groupId),
    groupReactions(db, groupId),
    findReader(db, groupId, viewer.userId),
  ]);
  const base = {
    group: { id: groupId, name: access.groupName },
    role: access.kind,
    settings: {
      anonymousAllowed: settings.anonymousAllowed,
      premoderateFirst: settings.premoderateFirst,
      readingHours: settings.readingHours,
      quietFrom: settings.quietFrom,
      quietUntil: settings.quietUntil,
    },
    counts: {
      threads: rows.filter((r) => r.threadId === null && r.status === 'published').length,
      posts: rows.filter((r) => r.status === 'published').length,
      // How many posts wait for a facilitator is for those who run the group and the practice's
      // numbers: a peer must not learn that someone's post was held.
      ...(access.kind === 'member' ? {} : { waiting: rows.filter((r) => r.status === 'held').length }),
    },
    digest: (reader?.digest ?? 'off') as SpaceDigest,
  };
  if (access.kind === 'counts') return { ...base, threads: [], unread: 0 };
  const seen = rows.filter((r) => visibleTo(access, viewer, r));
  const visibleIds = new Set(seen.map((r) => r.id));
  const lastRead = reader?.lastReadAt ? toInstant(reader.lastReadAt) : null;
  const unread = seen.filter(
    (r) =>
      r.status === 'published' &&
      r.authorUserId !== viewer.userId &&
      (lastRead === null || toInstant(r.publishedAt ?? r.createdAt) > lastRead),
  ).length;
  const threads = seen
    .filter((r) => r.threadId === null)
    .map((thread) => ({
      ...presentPost(context, access, viewer, thread, reactions),
      replies: seen
        .filter((r) => r.threadId === thread.id && visibleIds.has(thread.id))
        .map((r) => presentPost(context, access, viewer, r, reactions)),
    }))
    // Pinned threads first, then the newest.
    .sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.createdAt.localeCompare(a.createdAt));
  if (access.kind !== 'member') {
    await context.audit.record(db, {
      action: 'clinical.space_read',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'group', id: groupId },
      detail: { posts: seen.length },
    });
  }
  return { ...base, threads, unread };
}

/**
 * A new thread (no `threadId`) or a reply. Screened before anyone else sees it: a match holds it,
 * tells the author what happens now and alerts the facilitators; a new member's first posts wait
 * for a facilitator when the group asks for it. Otherwise it is published, and the group hears.
 */
export async function createPost(
  context: SpaceContext,
  viewer: Viewer,
  groupId: string,
  threadId: string | null,
  input: NewPostBody,
  origin: Origin,
) {
  const db = context.database.db;
  const access = await spaceAccess(context, viewer, groupId);
  if (access.kind !== 'member' && access.kind !== 'facilitator') throw new HttpProblem(403, 'problem.space.readOnly');
  const settings = await spaceSettings(db, groupId);
  if (input.anonymous && (!settings.anonymousAllowed || access.kind !== 'member'))
    throw new HttpProblem(400, 'problem.space.anonymousOff', {
      fields: [{ field: 'body.anonymous', key: 'problem.space.anonymousOff' }],
    });
  let channel: SpaceChannel = input.channel ?? 'talk';
  if (threadId !== null) {
    const thread = await findPost(db, groupId, threadId);
    if (!thread || thread.threadId !== null || !visibleTo(access, viewer, thread))
      throw new HttpProblem(404, 'problem.space.notFound');
    if (thread.status !== 'published') throw new HttpProblem(409, 'problem.space.notPublished');
    if (thread.locked && access.kind !== 'facilitator') throw new HttpProblem(409, 'problem.space.locked');
    channel = thread.channel as SpaceChannel;
  } else if (!input.title) {
    throw new HttpProblem(400, 'problem.space.titleNeeded', {
      fields: [{ field: 'body.title', key: 'problem.space.titleNeeded' }],
    });
  }
  const title = threadId === null ? (input.title ?? null) : null;
  // Facilitators are not screened: the screen protects members, and peers are never the safety net.
  const screening =
    access.kind === 'member'
      ? await screenForSpace(db, viewer.practiceId, [title, input.body].filter(Boolean).join('\n'))
      : { level: 'none' as const, hold: false, urgency: null };
  const premoderated =
    access.kind === 'member' &&
    settings.premoderateFirst > 0 &&
    (await publishedBy(db, access.memberId)) < settings.premoderateFirst;
  const heldFor: SpaceHeldFor | null = screening.hold ? 'screening' : premoderated ? 'premoderation' : null;
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await insertPost(trx, {
      id,
      practiceId: viewer.practiceId,
      groupId,
      threadId,
      channel,
      authorUserId: viewer.userId,
      groupMemberId: access.kind === 'member' ? access.memberId : null,
      anonymous: boolValue(context.database.engine, Boolean(input.anonymous)),
      title: title === null ? null : context.cipher.encrypt(title, sealedIn('spacePosts.title', id)),
      body: context.cipher.encrypt(input.body, sealedIn('spacePosts.body', id)),
      status: heldFor ? 'held' : 'published',
      heldFor,
      screeningLevel: screening.level,
      alertId: null,
      pinned: boolValue(context.database.engine, false),
      locked: boolValue(context.database.engine, false),
      editNote: null,
      createdAt: now,
      publishedAt: heldFor ? null : now,
    });
    await context.audit.record(trx, {
      action: heldFor ? 'space.held' : 'space.posted',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'space_post', id },
      detail: { groupId, reply: threadId !== null, heldFor, screening: screening.level },
    });
    if (access.kind === 'member' && screening.urgency) {
      const alertId = await raiseMemberAlert(context, trx, viewer, origin, {
        kind: 'space.crisis-language',
        subjectId: id,
        detail: { postId: id },
        groupId,
        groupMemberId: access.memberId,
        urgency: screening.urgency,
      });
      if (alertId) await updatePost(trx, id, { alertId });
    }
  });
  if (!heldFor) await announceSpaceChange(context.broker, groupId, context.log);
  return { id, status: heldFor ? ('held' as const) : ('published' as const), heldFor };
}

/** A post the viewer can see and act on, published (reactions and reports are about published posts). */
async function publishedPost(context: SpaceContext, viewer: Viewer, groupId: string, postId: string) {
  const access = await spaceAccess(context, viewer, groupId);
  // An owner or admin who does not run the group sees its numbers, and changes nothing in it.
  if (access.kind === 'counts') throw new HttpProblem(403, 'problem.space.readOnly');
  const post = await findPost(context.database.db, groupId, postId);
  if (!post || !visibleTo(access, viewer, post)) throw new HttpProblem(404, 'problem.space.notFound');
  if (post.status !== 'published') throw new HttpProblem(409, 'problem.space.notPublished');
  // A reply goes with its thread: under a hidden (or held) thread it is not there for a member either.
  if (post.threadId !== null) {
    const thread = await findPost(context.database.db, groupId, post.threadId);
    if (!thread || !visibleTo(access, viewer, thread)) throw new HttpProblem(404, 'problem.space.notFound');
    if (thread.status !== 'published') throw new HttpProblem(409, 'problem.space.notPublished');
  }
  return { access, post };
}

/** "Me too", "thank you", "sending strength": added once, taken back by asking again with DELETE. */
export async function react(
  context: SpaceContext,
  viewer: Viewer,
  groupId: string,
  postId: string,
  kind: SpaceReaction,
  on: boolean,
): Promise<void> {
  const { access, post } = await publishedPost(context, viewer, groupId, postId);
  if (access.kind !== 'member' && access.kind !== 'facilitator') throw new HttpProblem(403, 'problem.space.readOnly');
  // Reactions are given by name: one on your own anonymous post would tell the group who wrote it.
  if (on && post.anonymous && post.authorUserId === viewer.userId)
    throw new HttpProblem(409, 'problem.space.ownAnonymous');
  const db = context.database.db;
  if (on) await addReaction(db, { postId, userId: viewer.userId, kind, createdAt: new Date().toISOString() });
  else await removeReaction(db, postId, viewer.userId, kind);
  await announceSpaceChange(context.broker, groupId, context.log);
}

/** A member tells the facilitators about a post; its author never learns who. */
export async function report(
  context: SpaceContext,
  viewer: Viewer,
  groupId: string,
  postId: string,
  reason: string,
  origin: Origin,
): Promise<{ id: string }> {
  const { access } = await publishedPost(context, viewer, groupId, postId);
  if (access.kind !== 'member') throw new HttpProblem(403, 'problem.space.membersReport');
  const id = crypto.randomUUID();
  await context.database.db.transaction().execute(async (trx) => {
    await insertReport(trx, {
      id,
      groupId,
      postId,
      reporterUserId: viewer.userId,
      reason: context.cipher.encrypt(reason, sealedIn('spaceReports.reason', id)),
      createdAt: new Date().toISOString(),
    });
    await context.audit.record(trx, {
      action: 'space.reported',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'space_post', id: postId },
      detail: { groupId, report: id },
    });
  });
  return { id };
}

/** The facilitators' queue: posts waiting, reports, and what was done, newest first. */
export async function moderationQueue(context: SpaceContext, viewer: Viewer, groupId: string, origin: Origin) {
  const db = context.database.db;
  const access = await spaceAccess(context, viewer, groupId);
  if (access.kind !== 'facilitator' && access.kind !== 'reader')
    throw new HttpProblem(403, 'problem.space.facilitatorsOnly');
  const [rows, reactions, reports, actions] = await Promise.all([
    groupPosts(db, groupId),
    groupReactions(db, groupId),
    groupReports(db, groupId),
    groupModeration(db, groupId),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const post = (id: string) => {
    const row = byId.get(id);
    return row ? presentPost(context, access, viewer, row, reactions) : null;
  };
  await context.audit.record(db, {
    action: 'clinical.space_queue_viewed',
    ...actorOf(viewer),
    ...origin,
    subject: { type: 'group', id: groupId },
    detail: { held: rows.filter((r) => r.status === 'held').length, reports: reports.length },
  });
  return {
    held: rows
      .filter((r) => r.status === 'held')
      .map((r) => ({ ...presentPost(context, access, viewer, r, reactions), alertId: r.alertId })),
    reports: reports.map((r) => ({
      id: r.id,
      post: post(r.postId),
      reason: context.cipher.decrypt(r.reason, sealedIn('spaceReports.reason', r.id)),
      reporter: r.reporterName,
      createdAt: toInstant(r.createdAt),
      resolved: r.resolvedAt
        ? {
            at: toInstant(r.resolvedAt),
            by: r.resolverName ?? '',
            outcome: r.outcome ? context.cipher.decrypt(r.outcome, sealedIn('spaceReports.outcome', r.id)) : '',
          }
        : null,
    })),
    outcomes: actions.map((a) => ({
      id: a.id,
      postId: a.postId,
      action: a.action as SpaceModeration,
      by: a.actorName ?? '',
      note: a.note ? context.cipher.decrypt(a.note, sealedIn('spaceModeration.note', a.id)) : null,
      at: toInstant(a.at),
    })),
  };
}

/** Which statuses each moderation starts from, and where it leaves the post. */
const STATUS_MOVES: Partial<Record<SpaceModeration, { from: SpacePostStatus[]; to: SpacePostStatus }>> = {
  publish: { from: ['held', 'private'], to: 'published' },
  'publish-edited': { from: ['held', 'private', 'published'], to: 'published' },
  'keep-private': { from: ['held'], to: 'private' },
  hide: { from: ['published'], to: 'hidden' },
  unhide: { from: ['hidden'], to: 'published' },
};

/** A facilitator's action on a post: every one recorded with who did it, and audited. */
export async function moderate(
  context: SpaceContext,
  viewer: Viewer,
  groupId: string,
  postId: string,
  input: ModerationBody,
  origin: Origin,
): Promise<void> {
  await facilitatorOf(context, viewer, groupId);
  const db = context.database.db;
  const post = await findPost(db, groupId, postId);
  if (!post) throw new HttpProblem(404, 'problem.space.notFound');
  const move = STATUS_MOVES[input.action];
  if (move && !move.from.includes(post.status as SpacePostStatus))
    throw new HttpProblem(409, 'problem.space.cannotNow');
  const threadOnly = ['pin', 'unpin', 'lock', 'unlock', 'move'].includes(input.action);
  if (threadOnly && post.threadId !== null) throw new HttpProblem(409, 'problem.space.threadsOnly');
  if (input.action === 'move' && (!input.channel || input.channel === post.channel))
    throw new HttpProblem(400, 'problem.space.chooseChannel', {
      fields: [{ field: 'body.channel', key: 'problem.space.chooseChannel' }],
    });
  const now = new Date().toISOString();
  const id = crypto.randomUUID();
  const change: Parameters<typeof updatePost>[2] = {};
  if (move) change.status = move.to;
  if (move?.to === 'published' && !post.publishedAt) change.publishedAt = now;
  if (input.action === 'publish-edited') {
    change.body = context.cipher.encrypt(input.body!, sealedIn('spacePosts.body', postId));
    change.editNote = context.cipher.encrypt(input.note!, sealedIn('spacePosts.editNote', postId));
  }
  if (input.action === 'pin' || input.action === 'unpin')
    change.pinned = boolValue(context.database.engine, input.action === 'pin');
  if (input.action === 'lock' || input.action === 'unlock')
    change.locked = boolValue(context.database.engine, input.action === 'lock');
  if (input.action === 'move') change.channel = input.channel!;
  await db.transaction().execute(async (trx) => {
    await updatePost(trx, postId, change);
    if (input.action === 'move')
      await trx.updateTable('spacePosts').set({ channel: input.channel! }).where('threadId', '=', postId).execute();
    await insertModeration(trx, {
      id,
      groupId,
      postId,
      actorUserId: viewer.userId,
      action: input.action,
      note: input.note ? context.cipher.encrypt(input.note, sealedIn('spaceModeration.note', id)) : null,
      // What an edit replaced is kept, sealed, for the record; nobody in the group sees it again.
      previousBody:
        input.action === 'publish-edited'
          ? context.cipher.encrypt(
              context.cipher.decrypt(post.body, sealedIn('spacePosts.body', postId)),
              sealedIn('spaceModeration.previousBody', id),
            )
          : null,
      at: now,
    });
    await context.audit.record(trx, {
      action: 'space.moderated',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'space_post', id: postId },
      detail: { groupId, action: input.action },
    });
  });
  // What members see changed whenever the post is or was published.
  if (post.status === 'published' || move?.to === 'published' || !move)
    await announceSpaceChange(context.broker, groupId, context.log);
}

/** Closes a report, saying what was done. */
export async function closeReport(
  context: SpaceContext,
  viewer: Viewer,
  groupId: string,
  reportId: string,
  outcome: string,
  origin: Origin,
): Promise<void> {
  await facilitatorOf(context, viewer, groupId);
  const db = context.database.db;
  const found = await findReport(db, groupId, reportId);
  if (!found) throw new HttpProblem(404, 'problem.space.notFound');
  if (found.resolvedAt) throw new HttpProblem(409, 'problem.space.reportClosed');
  await db.transaction().execute(async (trx) => {
    await resolveReport(trx, reportId, {
      resolvedAt: new Date().toISOString(),
      resolvedBy: viewer.userId,
      outcome: context.cipher.encrypt(outcome, sealedIn('spaceReports.outcome', reportId)),
    });
    await context.audit.record(trx, {
      action: 'space.report_resolved',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'space_report', id: reportId },
      detail: { groupId },
    });
  });
}

/** The group's settings for its space, changed by its facilitators. */
export async function changeSettings(
  context: SpaceContext,
  viewer: Viewer,
  groupId: string,
  input: SettingsBody,
  origin: Origin,
): Promise<SpaceSettings> {
  await facilitatorOf(context, viewer, groupId);
  const db = context.database.db;
  const settings: SpaceSettings = {
    anonymousAllowed: input.anonymousAllowed,
    premoderateFirst: input.premoderateFirst,
    readingHours: input.readingHours || null,
    quietFrom: input.quietFrom ?? null,
    quietUntil: input.quietUntil ?? null,
  };
  await db.transaction().execute(async (trx) => {
    await saveSpaceSettings(trx, context.database.engine, groupId, settings, new Date().toISOString());
    await context.audit.record(trx, {
      action: 'space.settings_changed',
      ...actorOf(viewer),
      ...origin,
      subject: { type: 'group', id: groupId },
      detail: { anonymousAllowed: settings.anonymousAllowed, premoderateFirst: settings.premoderateFirst },
    });
  });
  await announceSpaceChange(context.broker, groupId, context.log);
  return settings;
}

/** The reader has caught up: the unread marker starts again from now. */
export async function markRead(context: SpaceContext, viewer: Viewer, groupId: string): Promise<void> {
  const access = await spaceAccess(context, viewer, groupId);
  if (access.kind === 'counts') return;
  await saveReader(context.database.db, groupId, viewer.userId, { lastReadAt: new Date().toISOString() });
}

/** How often a member hears of new posts by e-mail. */
export async function chooseDigest(
  context: SpaceContext,
  viewer: Viewer,
  groupId: string,
  digest: SpaceDigest,
): Promise<void> {
  const access = await spaceAccess(context, viewer, groupId);
  if (access.kind !== 'member') throw new HttpProblem(403, 'problem.space.membersDigest');
  await saveReader(context.database.db, groupId, viewer.userId, { digest });
}

/**
 * The digest (hourly job): to each member who asked, once a day or once a week, how many posts are
 * new in their group, never what they say, and never in the group's quiet hours.
 */
export async function sendDigests(context: Pick<SpaceContext, 'database' | 'jobs'> & { publicUrl: string }, now: Date) {
  const db = context.database.db;
  let sent = 0;
  for (const reader of await digestReaders(db)) {
    const last = reader.lastDigestAt ? new Date(toInstant(reader.lastDigestAt)) : null;
    if (!digestDue(reader.digest as SpaceDigest, last, now)) continue;
    const local = DateTime.fromJSDate(now, { zone: reader.timeZone });
    if (inQuietHours(local.hour * 60 + local.minute, reader.quietFrom, reader.quietUntil)) continue;
    const since = [last?.toISOString() ?? null, reader.lastReadAt ? toInstant(reader.lastReadAt) : null]
      .filter((v): v is string => v !== null)
      .sort()
      .at(-1);
    const count = await publishedSince(db, reader.groupId, reader.userId, since ?? null);
    await db.transaction().execute(async (trx) => {
      await saveReader(trx, reader.groupId, reader.userId, { lastDigestAt: now.toISOString() });
      if (count === 0) return;
      const t = translator(reader.locale);
      await context.jobs.enqueue(trx, {
        kind: 'mail.send',
        runAt: now,
        payload: {
          to: reader.email,
          practiceId: reader.practiceId,
          subject: t.t('mail.space.digest.subject', { count, group: reader.groupName }),
          text: [
            t.t('mail.greeting', { name: reader.name }),
            '',
            t.t('mail.space.digest.body', { count, group: reader.groupName }),
            '',
            `${context.publicUrl}/groups/${reader.groupId}/space`,
          ].join('\n'),
        },
        dedupeKey: `mail:space-digest:${reader.groupId}:${reader.userId}:${now.toISOString().slice(0, 13)}`,
      });
      sent += 1;
    });
  }
  return sent;
}
