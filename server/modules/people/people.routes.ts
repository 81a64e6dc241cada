import { z } from 'zod';
import type { Services } from '../../app.js';
import { requestOrigin } from '../../platform/audit/request-context.js';
import { signIn } from '../../platform/auth/sign-in.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { presentViewer } from '../session/session.presenter.js';
import { SignInResponseSchema } from '../session/session.schema.js';
import { listPendingInvitations } from './invitation.repository.js';
import { presentInvitation, presentPerson } from './people.presenter.js';
import { listMembers } from './people.repository.js';
import {
  AcceptInvitationBodySchema,
  ChangeRoleBodySchema,
  InvitationDetailsSchema,
  InvitationIdParamsSchema,
  InviteBodySchema,
  LookupInvitationBodySchema,
  OutboxSchema,
  PeopleSchema,
  UserIdParamsSchema,
} from './people.schema.js';
import {
  acceptInvitation,
  changeRole,
  invite,
  lookupInvitation,
  revokeInvitation,
  setDisabled,
  type PeopleContext,
} from './people.service.js';

const LINK_LIMIT = { max: 10, timeWindow: 10 * 60 * 1000 };

/** The practice's people: invite, change roles, disable and enable; and accepting an invitation. */
export function peopleRoutes(app: HearthApp, services: Services): void {
  const context: PeopleContext = {
    database: services.database,
    audit: services.audit,
    liveSessions: services.liveSessions,
    mailer: services.mailer,
    publicUrl: services.config.publicUrl,
  };
  const tags = ['people'];

  app.get(
    '/api/people',
    {
      config: { policy: policies.practiceAdmin },
      schema: { summary: 'Everyone in your practice, and invitations waiting', tags, response: { 200: PeopleSchema } },
    },
    async (request) => {
      const viewer = requireViewer(request);
      const [people, invitations] = await Promise.all([
        listMembers(services.database, viewer.practiceId),
        listPendingInvitations(services.database, viewer.practiceId),
      ]);
      return { people: people.map(presentPerson), invitations: invitations.map(presentInvitation) };
    },
  );

  app.post(
    '/api/people/invitations',
    {
      config: { policy: policies.practiceAdmin },
      schema: {
        summary: 'Invite someone by e-mail',
        tags,
        body: InviteBodySchema,
        response: {
          201: z.object({
            id: z.string(),
            replaced: z.boolean().describe('An earlier invitation to this address was withdrawn'),
          }),
        },
      },
    },
    async (request, reply) => {
      // The link goes only to the invitee's mailbox, never back in this response.
      const { id, replaced } = await invite(context, requireViewer(request), request.body, requestOrigin(request));
      return reply.code(201).send({ id, replaced });
    },
  );

  app.delete(
    '/api/people/invitations/:invitationId',
    {
      config: { policy: policies.practiceAdmin },
      schema: {
        summary: 'Withdraw an invitation',
        tags,
        params: InvitationIdParamsSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await revokeInvitation(context, requireViewer(request), request.params.invitationId, requestOrigin(request));
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/people/:userId/role',
    {
      config: { policy: policies.practiceAdmin },
      schema: {
        summary: "Change someone's role",
        tags,
        params: UserIdParamsSchema,
        body: ChangeRoleBodySchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await changeRole(
        context,
        requireViewer(request),
        request.params.userId,
        request.body.role,
        requestOrigin(request),
      );
      return reply.code(204).send(null);
    },
  );

  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(
      `/api/people/:userId/${action}`,
      {
        config: { policy: policies.practiceAdmin },
        schema: {
          summary: disabled ? 'Disable someone: their sessions end at once' : 'Let a disabled person sign in again',
          tags,
          params: UserIdParamsSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await setDisabled(context, requireViewer(request), request.params.userId, disabled, requestOrigin(request));
        return reply.code(204).send(null);
      },
    );
  }

  app.get(
    '/api/outbox',
    {
      config: { policy: policies.practiceAdmin },
      schema: {
        summary: 'E-mail Hearth wrote to the outbox for your practice (when it has no mail server)',
        tags,
        response: { 200: OutboxSchema },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      const messages = await services.mailer.outbox(viewer.practiceId);
      return {
        mode: services.mailer.mode,
        messages: messages.map(({ id, to, subject, text, createdAt }) => ({ id, to, subject, text, createdAt })),
      };
    },
  );

  app.post(
    '/api/invitations/lookup',
    {
      config: { policy: policies.public, rateLimit: LINK_LIMIT },
      schema: {
        summary: 'What an invitation link invites you to',
        tags: ['invitations'],
        body: LookupInvitationBodySchema,
        response: { 200: InvitationDetailsSchema },
      },
    },
    async (request) => lookupInvitation(services.database, request.body.token),
  );

  app.post(
    '/api/invitations/accept',
    {
      config: { policy: policies.public, rateLimit: LINK_LIMIT },
      schema: {
        summary: 'Accept an invitation (new account, or your existing one) and sign in',
        tags: ['invitations'],
        body: AcceptInvitationBodySchema,
        response: { 200: SignInResponseSchema },
      },
    },
    async (request, reply) => {
      const { signInAttempts } = services;
      const { email } = await acceptInvitation(
        context,
        request.body,
        {
          guard: (address) => signInAttempts.guard(request, reply, address),
          recordFailure: (address) => signInAttempts.recordFailure(request, address),
        },
        requestOrigin(request),
      );
      const outcome = await signIn(services, request, reply, { email, password: request.body.password });
      if (outcome.kind === 'second-factor-needed') return { status: 'second-factor-needed' as const };
      return { status: 'signed-in' as const, viewer: presentViewer(outcome.viewer) };
    },
  );
}
