import type { Services } from '../../app.js';
import { requestOrigin } from '../../platform/audit/request-context.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { localeOf } from '../../platform/problem.js';
import { GroupIdParamsSchema } from '../groups/groups.schema.js';
import {
  AssignmentBodySchema,
  CardBodySchema,
  CardListSchema,
  CardParamsSchema,
  CardSchema,
  FeedbackBodySchema,
  FeedbackSchema,
  GroupSkillsSchema,
  LogBodySchema,
  LogChangeSchema,
  LogParamsSchema,
  LogSchema,
  MySkillsSchema,
  SharedListSchema,
} from './skills.schema.js';
import { z } from 'zod';
import {
  assignCard,
  cardById,
  changeCard,
  changeLog,
  createCard,
  giveFeedback,
  groupSkills,
  listCards,
  logPractice,
  mySkills,
  ownLog,
  sharedInGroup,
  type SkillsContext,
} from './skills.service.js';

const Assignment = GroupSkillsSchema.shape.assignments.element;
const Saved = z.object({ log: LogSchema, held: z.boolean() });

/** Skill cards, practice between sessions, sharing and peer feedback (docs/skills.md). */
export function skillsRoutes(app: HearthApp, services: Services): void {
  const context: SkillsContext = services;
  const tags = ['skills'];

  app.get(
    '/api/skills/cards',
    {
      config: { policy: policies.signedIn },
      schema: { summary: 'Every skill card the practice may use', tags, response: { 200: CardListSchema } },
    },
    async (request) => listCards(context, requireViewer(request), localeOf(request)),
  );

  app.get(
    '/api/skills/cards/:cardId',
    {
      config: { policy: policies.signedIn },
      schema: {
        summary: 'One skill card (also shown in the live room during a role-play)',
        tags,
        params: CardParamsSchema,
        response: { 200: CardSchema },
      },
    },
    async (request) =>
      cardById(services.database.db, requireViewer(request).practiceId, request.params.cardId, localeOf(request)),
  );

  app.post(
    '/api/skills/cards',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'Write a practice’s own skill card, or adapt a copy of one',
        tags,
        body: CardBodySchema,
        response: { 201: CardSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await createCard(context, requireViewer(request), request.body, localeOf(request), requestOrigin(request)),
        ),
  );

  app.put(
    '/api/skills/cards/:cardId',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'Change a practice’s own skill card (Hearth’s own stay as shipped)',
        tags,
        params: CardParamsSchema,
        body: CardBodySchema,
        response: { 200: CardSchema },
      },
    },
    async (request) =>
      changeCard(
        context,
        requireViewer(request),
        request.params.cardId,
        request.body,
        localeOf(request),
        requestOrigin(request),
      ),
  );

  app.get(
    '/api/groups/:groupId/skills',
    {
      config: { policy: policies.staff },
      schema: {
        summary: 'A group’s practice: assignments, how practice went over time, what members shared',
        tags,
        params: GroupIdParamsSchema,
        response: { 200: GroupSkillsSchema },
      },
    },
    async (request) =>
      groupSkills(context, requireViewer(request), request.params.groupId, localeOf(request), requestOrigin(request)),
  );

  app.post(
    '/api/groups/:groupId/skills/assignments',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'Assign a skill card to the group or to one member',
        tags,
        params: GroupIdParamsSchema,
        body: AssignmentBodySchema,
        response: { 201: Assignment },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await assignCard(
            context,
            requireViewer(request),
            request.params.groupId,
            request.body,
            localeOf(request),
            requestOrigin(request),
          ),
        ),
  );

  app.get(
    '/api/my/skills',
    {
      config: { policy: policies.members },
      schema: { summary: 'My practice: what to practise, and my own log', tags, response: { 200: MySkillsSchema } },
    },
    async (request) => mySkills(context, requireViewer(request), localeOf(request)),
  );

  app.post(
    '/api/my/skills/logs',
    {
      config: { policy: policies.members },
      schema: { summary: 'Log a practice of an assigned skill', tags, body: LogBodySchema, response: { 201: Saved } },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await logPractice(context, requireViewer(request), request.body, localeOf(request), requestOrigin(request)),
        ),
  );

  app.get(
    '/api/my/skills/logs/:logId',
    {
      config: { policy: policies.members },
      schema: { summary: 'One of my practice logs', tags, params: LogParamsSchema, response: { 200: LogSchema } },
    },
    async (request) => ownLog(context, requireViewer(request), request.params.logId, localeOf(request)),
  );

  app.patch(
    '/api/my/skills/logs/:logId',
    {
      config: { policy: policies.members },
      schema: {
        summary: 'Change one of my practice logs, or who sees it',
        tags,
        params: LogParamsSchema,
        body: LogChangeSchema,
        response: { 200: Saved },
      },
    },
    async (request) =>
      changeLog(
        context,
        requireViewer(request),
        request.params.logId,
        request.body,
        localeOf(request),
        requestOrigin(request),
      ),
  );

  app.get(
    '/api/my/groups/:groupId/skills/shared',
    {
      config: { policy: policies.members },
      schema: {
        summary: 'Practice my group’s members shared with the group, with feedback',
        tags,
        params: GroupIdParamsSchema,
        response: { 200: SharedListSchema },
      },
    },
    async (request) =>
      sharedInGroup(context, requireViewer(request), request.params.groupId, localeOf(request), requestOrigin(request)),
  );

  app.post(
    '/api/my/skills/logs/:logId/feedback',
    {
      config: { policy: policies.members },
      schema: {
        summary: 'Give kind, structured feedback on practice a peer shared',
        tags,
        params: LogParamsSchema,
        body: FeedbackBodySchema,
        response: { 201: FeedbackSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await giveFeedback(
            context,
            requireViewer(request),
            request.params.logId,
            request.body,
            requestOrigin(request),
          ),
        ),
  );
}
