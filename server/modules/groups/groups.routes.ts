import type { Services } from '../../app.js';
import { requestOrigin } from '../../platform/audit/request-context.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { toInstant } from '../../db/instant.js';
import { listAgreements, listPossibleFacilitators } from './groups.repository.js';
import {
  AgreementHistorySchema,
  CreateGroupBodySchema,
  FacilitatorChoicesSchema,
  GroupIdParamsSchema,
  GroupListQuerySchema,
  GroupListSchema,
  GroupSchema,
  UpdateGroupBodySchema,
} from './groups.schema.js';
import {
  changeGroup,
  closeGroup,
  createGroup,
  groupFor,
  groupsFor,
  setArchived,
  type GroupsContext,
} from './groups.service.js';

/** Groups: create, list, read and change them, with their agreement's versions. */
export function groupRoutes(app: HearthApp, { database, audit }: Services): void {
  const context: GroupsContext = { database, audit };
  const tags = ['groups'];

  app.get(
    '/api/groups',
    {
      config: { policy: policies.staff },
      schema: {
        summary: 'The groups you run or oversee; archived ones only with archived=true',
        tags,
        querystring: GroupListQuerySchema,
        response: { 200: GroupListSchema },
      },
    },
    async (request) => ({
      groups: await groupsFor(context, requireViewer(request), request.query.archived === 'true'),
    }),
  );

  app.post(
    '/api/groups',
    {
      config: { policy: policies.groupLeads },
      schema: { summary: 'Create a group', tags, body: CreateGroupBodySchema, response: { 201: GroupSchema } },
    },
    async (request, reply) =>
      reply.code(201).send(await createGroup(context, requireViewer(request), request.body, requestOrigin(request))),
  );

  app.get(
    '/api/groups/:groupId',
    {
      config: { policy: policies.staff },
      schema: { summary: 'One group', tags, params: GroupIdParamsSchema, response: { 200: GroupSchema } },
    },
    async (request) => groupFor(context, requireViewer(request), request.params.groupId),
  );

  app.patch(
    '/api/groups/:groupId',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'Change a group; a changed agreement becomes a new version',
        tags,
        params: GroupIdParamsSchema,
        body: UpdateGroupBodySchema,
        response: { 200: GroupSchema },
      },
    },
    async (request) =>
      changeGroup(context, requireViewer(request), request.params.groupId, request.body, requestOrigin(request)),
  );

  app.post(
    '/api/groups/:groupId/closure',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: "End a group's cycle once every member is discharged; the group becomes a read-only record",
        tags,
        params: GroupIdParamsSchema,
        response: { 200: GroupSchema },
      },
    },
    async (request) => closeGroup(context, requireViewer(request), request.params.groupId, requestOrigin(request)),
  );

  for (const [method, archived] of [
    ['PUT', true],
    ['DELETE', false],
  ] as const) {
    app.route({
      method,
      url: '/api/groups/:groupId/archive',
      config: { policy: policies.groupLeads },
      schema: {
        summary: archived
          ? 'Archive a group: hidden from the lists and read-only'
          : 'Restore an archived group to what it was before',
        tags,
        params: GroupIdParamsSchema,
        response: { 200: GroupSchema },
      },
      handler: async (request) =>
        setArchived(context, requireViewer(request), request.params.groupId, archived, requestOrigin(request)),
    });
  }

  app.get(
    '/api/groups/:groupId/agreements',
    {
      config: { policy: policies.staff },
      schema: {
        summary: "Every version of a group's agreement",
        tags,
        params: GroupIdParamsSchema,
        response: { 200: AgreementHistorySchema },
      },
    },
    async (request) => {
      // The object check first: a group the viewer may not see answers 404.
      await groupFor(context, requireViewer(request), request.params.groupId);
      const rows = await listAgreements(database, request.params.groupId);
      return {
        versions: rows.map((r) => ({
          version: r.version,
          text: r.text,
          createdAt: toInstant(r.createdAt),
          createdBy: { userId: r.userId, name: r.name },
        })),
      };
    },
  );

  app.get(
    '/api/groups/facilitator-choices',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'Who in your practice can facilitate a group',
        tags,
        response: { 200: FacilitatorChoicesSchema },
      },
    },
    async (request) => ({ people: await listPossibleFacilitators(database.db, requireViewer(request).practiceId) }),
  );
}
