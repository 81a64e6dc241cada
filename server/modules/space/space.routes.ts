import { z } from 'zod';
import type { Services } from '../../app.js';
import { requestOrigin } from '../../platform/audit/request-context.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { limitBy } from '../../platform/rate-limits.js';
import { GroupIdParamsSchema } from '../groups/groups.schema.js';
import {
  CreatedPostSchema,
  DigestBodySchema,
  ModerationBodySchema,
  NewPostBodySchema,
  PostParamsSchema,
  QueueSchema,
  ReactionParamsSchema,
  ReplyBodySchema,
  ReportBodySchema,
  ReportParamsSchema,
  ReportResolutionBodySchema,
  SettingsBodySchema,
  SpaceSchema,
} from './space.schema.js';
import {
  changeSettings,
  chooseDigest,
  closeReport,
  createPost,
  markRead,
  moderate,
  moderationQueue,
  react,
  report,
  viewSpace,
  type SpaceContext,
} from './space.service.js';

/** Posts and replies a person may write in a minute, and reactions in ten seconds: enough for anyone typing. */
export const SPACE_POST_LIMIT = { max: 20, timeWindow: 60_000 };
export const SPACE_REACTION_LIMIT = { max: 30, timeWindow: 10_000 };

/**
 * A group's space between sessions (PRODUCT.md §3.7, docs/group-space.md): its members and
 * facilitators read and write; every route checks the group and the person's place in it.
 */
export function spaceRoutes(app: HearthApp, services: Services): void {
  const context: SpaceContext = { ...services, publicUrl: services.config.publicUrl, log: app.log };
  const tags = ['space'];
  const perPerson = (name: string, limit: { max: number; timeWindow: number }) =>
    limitBy(app, limit, (request) => `space:${name}:${requireViewer(request).userId}`);
  const postLimit = perPerson('post', SPACE_POST_LIMIT);
  const reactionLimit = perPerson('reaction', SPACE_REACTION_LIMIT);
  const reportLimit = perPerson('report', SPACE_POST_LIMIT);

  app.get(
    '/api/groups/:groupId/space',
    {
      config: { policy: policies.signedIn },
      schema: {
        summary: 'A group’s space: threads, replies, reactions',
        tags,
        params: GroupIdParamsSchema,
        response: { 200: SpaceSchema },
      },
    },
    async (request) => viewSpace(context, requireViewer(request), request.params.groupId, requestOrigin(request)),
  );

  app.post(
    '/api/groups/:groupId/space/threads',
    {
      config: { policy: policies.signedIn },
      preHandler: postLimit,
      schema: {
        summary: 'Start a thread; screened before anyone else sees it',
        tags,
        params: GroupIdParamsSchema,
        body: NewPostBodySchema,
        response: { 201: CreatedPostSchema },
      },
    },
    async (request, reply) => {
      const created = await createPost(
        context,
        requireViewer(request),
        request.params.groupId,
        null,
        request.body,
        requestOrigin(request),
      );
      return reply.code(201).send(created);
    },
  );

  app.post(
    '/api/groups/:groupId/space/posts/:postId/replies',
    {
      config: { policy: policies.signedIn },
      preHandler: postLimit,
      schema: {
        summary: 'Reply to a thread; screened before anyone else sees it',
        tags,
        params: PostParamsSchema,
        body: ReplyBodySchema,
        response: { 201: CreatedPostSchema },
      },
    },
    async (request, reply) => {
      const { groupId, postId } = request.params;
      const created = await createPost(
        context,
        requireViewer(request),
        groupId,
        postId,
        request.body,
        requestOrigin(request),
      );
      return reply.code(201).send(created);
    },
  );

  for (const method of ['PUT', 'DELETE'] as const) {
    app.route({
      method,
      url: '/api/groups/:groupId/space/posts/:postId/reactions/:kind',
      config: { policy: policies.signedIn },
      preHandler: reactionLimit,
      schema: {
        summary: method === 'PUT' ? 'React to a post' : 'Take a reaction back',
        tags,
        params: ReactionParamsSchema,
        response: { 204: z.null() },
      },
      handler: async (request, reply) => {
        const { groupId, postId, kind } = request.params;
        await react(context, requireViewer(request), groupId, postId, kind, method === 'PUT');
        return reply.code(204).send(null);
      },
    });
  }

  app.post(
    '/api/groups/:groupId/space/posts/:postId/reports',
    {
      config: { policy: policies.signedIn },
      preHandler: reportLimit,
      schema: {
        summary: 'Tell the facilitators about a post; its author never learns who',
        tags,
        params: PostParamsSchema,
        body: ReportBodySchema,
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (request, reply) => {
      const { groupId, postId } = request.params;
      const made = await report(
        context,
        requireViewer(request),
        groupId,
        postId,
        request.body.reason,
        requestOrigin(request),
      );
      return reply.code(201).send(made);
    },
  );

  app.post(
    '/api/groups/:groupId/space/read',
    {
      config: { policy: policies.signedIn },
      schema: {
        summary: 'Caught up: the unread marker starts again',
        tags,
        params: GroupIdParamsSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await markRead(context, requireViewer(request), request.params.groupId);
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/groups/:groupId/space/digest',
    {
      config: { policy: policies.members },
      schema: {
        summary: 'How often to hear of new posts by e-mail (counts only, never content)',
        tags,
        params: GroupIdParamsSchema,
        body: DigestBodySchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await chooseDigest(context, requireViewer(request), request.params.groupId, request.body.digest);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/groups/:groupId/space/queue',
    {
      config: { policy: policies.staff },
      schema: {
        summary: 'Posts waiting for a facilitator, reports, and what was done',
        tags,
        params: GroupIdParamsSchema,
        response: { 200: QueueSchema },
      },
    },
    async (request) => moderationQueue(context, requireViewer(request), request.params.groupId, requestOrigin(request)),
  );

  app.post(
    '/api/groups/:groupId/space/posts/:postId/moderation',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'Publish, edit with a note, keep private, hide, pin, lock or move a post',
        tags,
        params: PostParamsSchema,
        body: ModerationBodySchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const { groupId, postId } = request.params;
      await moderate(context, requireViewer(request), groupId, postId, request.body, requestOrigin(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/groups/:groupId/space/reports/:reportId/resolution',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'Close a report, saying what was done',
        tags,
        params: ReportParamsSchema,
        body: ReportResolutionBodySchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const { groupId, reportId } = request.params;
      await closeReport(
        context,
        requireViewer(request),
        groupId,
        reportId,
        request.body.outcome,
        requestOrigin(request),
      );
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/groups/:groupId/space/settings',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'The group’s settings for its space',
        tags,
        params: GroupIdParamsSchema,
        body: SettingsBodySchema,
        response: { 200: SpaceSchema.shape.settings },
      },
    },
    async (request) =>
      changeSettings(context, requireViewer(request), request.params.groupId, request.body, requestOrigin(request)),
  );
}
