import { localeOf } from '../../platform/problem.js';
import type { Services } from '../../app.js';
import { requestOrigin } from '../../platform/audit/request-context.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { GroupIdParamsSchema, GroupSchema } from '../groups/groups.schema.js';
import {
  ChangeStatusBodySchema,
  DischargeBodySchema,
  IntakeSchema,
  JoinBodySchema,
  MemberParamsSchema,
  MyGroupSchema,
  MyGroupsSchema,
  StaffReferBodySchema,
  ScreeningAnswersSchema,
  ScreeningBodySchema,
  SelfReferralBodySchema,
  SelfReferralConfirmationBodySchema,
  SelfReferralConfirmedSchema,
  SelfReferralPageSchema,
  SelfReferralParamsSchema,
  SelfReferralResponseSchema,
  RosterEntrySchema,
  RosterSchema,
} from './membership.schema.js';
import {
  offerFreedPlaces,
  passOnLapsedOffers,
  changeStatus,
  discharge,
  intake,
  join,
  myGroups,
  refer,
  roster,
  screeningAnswers,
  submitScreening,
  askToJoin,
  confirmSelfReferral,
  selfReferralPage,
  setSelfReferralLink,
  type MembershipContext,
} from './membership.service.js';

/** The public self-referral link: a few requests an hour from one address is plenty for a person. */
const SELF_REFERRAL_LIMIT = { max: 10, timeWindow: 60 * 60 * 1000 };

/** Who is in a group: referral, decisions and changes for staff; the member's own view and joining. */
export function membershipRoutes(app: HearthApp, services: Services): void {
  const context: MembershipContext = {
    database: services.database,
    audit: services.audit,
    cipher: services.cipher,
    liveSessions: services.liveSessions,
    mailer: services.mailer,
    jobs: services.jobs,
    publicUrl: services.config.publicUrl,
  };
  const tags = ['membership'];

  // Lapsed waitlist offers pass their place on; checked every five minutes.
  services.jobs.every('waitlist.lapses', 5 * 60_000, (_payload, now) =>
    passOnLapsedOffers(context, now).then(() => undefined),
  );
  services.jobs.handle('waitlist.pass-on', (payload, now) => offerFreedPlaces(context, String(payload.groupId), now));

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
        body: StaffReferBodySchema,
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

  app.post(
    '/api/groups/:groupId/members/:memberId/discharge',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'Discharge a member at the end of a cycle: completed or left, a reason and a short summary',
        tags,
        params: MemberParamsSchema,
        body: DischargeBodySchema,
        response: { 200: RosterEntrySchema },
      },
    },
    async (request) =>
      discharge(
        context,
        requireViewer(request),
        request.params.groupId,
        request.params.memberId,
        request.body,
        requestOrigin(request),
      ),
  );

  for (const [method, on] of [
    ['PUT', true],
    ['DELETE', false],
  ] as const) {
    app.route({
      method,
      url: '/api/groups/:groupId/self-referral-link',
      config: { policy: policies.groupLeads },
      schema: {
        summary: on
          ? 'Open a public link people can use to ask to join (a new link each time)'
          : 'Close the public link',
        tags,
        params: GroupIdParamsSchema,
        response: { 200: GroupSchema },
      },
      handler: async (request) =>
        setSelfReferralLink(
          context,
          requireViewer(request),
          (request.params as { groupId: string }).groupId,
          on,
          requestOrigin(request),
        ),
    });
  }

  app.get(
    '/api/self-referral/:token',
    {
      config: { policy: policies.public, rateLimit: SELF_REFERRAL_LIMIT },
      schema: {
        summary: 'The group a public link leads to',
        tags,
        params: SelfReferralParamsSchema,
        response: { 200: SelfReferralPageSchema },
      },
    },
    async (request) => selfReferralPage(context, request.params.token),
  );

  app.post(
    '/api/self-referral/:token',
    {
      config: { policy: policies.public, rateLimit: SELF_REFERRAL_LIMIT },
      schema: {
        summary: 'Ask to join a group through its public link (a mail asks the person to confirm their address)',
        tags,
        params: SelfReferralParamsSchema,
        body: SelfReferralBodySchema,
        response: { 202: SelfReferralResponseSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(await askToJoin(context, request.params.token, request.body, request.headers['accept-language'])),
  );

  app.post(
    '/api/self-referral-confirmations',
    {
      config: { policy: policies.public, rateLimit: SELF_REFERRAL_LIMIT },
      schema: {
        summary: 'Confirm an address from the mail: the request to join goes to the group’s facilitators',
        tags,
        body: SelfReferralConfirmationBodySchema,
        response: { 200: SelfReferralConfirmedSchema },
      },
    },
    async (request) => confirmSelfReferral(context, request.body.token, requestOrigin(request), localeOf(request)),
  );

  app.post(
    '/api/my/groups/:groupId/screening',
    {
      config: { policy: policies.signedIn },
      schema: {
        summary: "Answer a group's screening questions (only its facilitators read them)",
        tags,
        params: GroupIdParamsSchema,
        body: ScreeningBodySchema,
        response: { 200: MyGroupSchema },
      },
    },
    async (request) =>
      submitScreening(
        context,
        requireViewer(request),
        request.params.groupId,
        request.body.answers,
        requestOrigin(request),
      ),
  );

  app.get(
    '/api/groups/:groupId/members/:memberId/screening',
    {
      config: { policy: policies.staff },
      schema: {
        summary: "Read someone's screening answers (recorded in the audit log)",
        tags,
        params: MemberParamsSchema,
        response: { 200: ScreeningAnswersSchema },
      },
    },
    async (request) =>
      screeningAnswers(
        context,
        requireViewer(request),
        request.params.groupId,
        request.params.memberId,
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
