import type { Services } from '../../app.js';
import { requestOrigin } from '../../platform/audit/request-context.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { GroupIdParamsSchema } from '../groups/groups.schema.js';
import {
  ChangeStatusBodySchema,
  IntakeSchema,
  JoinBodySchema,
  MemberParamsSchema,
  MyGroupSchema,
  MyGroupsSchema,
  ReferBodySchema,
  RosterEntrySchema,
  RosterSchema,
} from './membership.schema.js';
import { changeStatus, intake, join, myGroups, refer, roster, type MembershipContext } from './membership.service.js';

/** Who is in a group: referral, decisions and changes for staff; the member's own view and joining. */
export function membershipRoutes(app: HearthApp, services: Services): void {
  const context: MembershipContext = {
    database: services.database,
    audit: services.audit,
    broker: services.broker,
    mailer: services.mailer,
    publicUrl: services.config.publicUrl,
  };
  const tags = ['membership'];

  app.get(
    '/api/groups/:groupId/members',
    {
      config: { policy: policies.staff },
      schema: {
        summary: "A group's roster, with statuses and dates",
        tags,
        params: GroupIdParamsSchema,
        response: { 200: RosterSchema },
      },
    },
    async (request) => roster(context, requireViewer(request), request.params.groupId),
  );

  app.post(
    '/api/groups/:groupId/members',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'Refer someone to a group (they are invited to the practice if they are not in it)',
        tags,
        params: GroupIdParamsSchema,
        body: ReferBodySchema,
        response: { 201: RosterEntrySchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await refer(context, requireViewer(request), request.params.groupId, request.body, requestOrigin(request)),
        ),
  );

  app.post(
    '/api/groups/:groupId/members/:memberId/status',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary:
          "Decide about someone's place (admit, waitlist, decline) or change it (on leave, completed, left, removed)",
        tags,
        params: MemberParamsSchema,
        body: ChangeStatusBodySchema,
        response: { 200: RosterEntrySchema },
      },
    },
    async (request) =>
      changeStatus(
        context,
        requireViewer(request),
        request.params.groupId,
        request.params.memberId,
        request.body,
        requestOrigin(request),
      ),
  );

  app.get(
    '/api/intake',
    {
      config: { policy: policies.staff },
      schema: { summary: 'Everyone on the way into your groups, by stage', tags, response: { 200: IntakeSchema } },
    },
    async (request) => ({ entries: await intake(context, requireViewer(request)) }),
  );

  app.get(
    '/api/my/groups',
    {
      config: { policy: policies.signedIn },
      schema: { summary: 'Your groups, as a member sees them', tags, response: { 200: MyGroupsSchema } },
    },
    async (request) => ({ groups: await myGroups(context, requireViewer(request)) }),
  );

  app.post(
    '/api/my/groups/:groupId/join',
    {
      config: { policy: policies.signedIn },
      schema: {
        summary: 'Accept the group agreement and choose the name the group sees',
        tags,
        params: GroupIdParamsSchema,
        body: JoinBodySchema,
        response: { 200: MyGroupSchema },
      },
    },
    async (request) =>
      join(context, requireViewer(request), request.params.groupId, request.body, requestOrigin(request)),
  );
}
