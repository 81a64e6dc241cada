import type { Services } from '../../app.js';
import { requestOrigin } from '../../platform/audit/request-context.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import {
  DeclineBodySchema,
  ErasureRequestSchema,
  ErasureRequestsSchema,
  MyErasureSchema,
  RequestErasureBodySchema,
  RequestIdParamsSchema,
} from './erasure.schema.js';
import {
  approveErasure,
  declineErasure,
  myErasure,
  practiceRequests,
  requestErasure,
  withdrawErasure,
  type ErasureContext,
} from './erasure.service.js';

/**
 * Erasure requests (docs/decisions/0030): a member asks, follows and may withdraw their own; the
 * practice's owners and admins decide. Every request and decision concerns the viewer's own
 * practice: a request of another practice is not there for them (404).
 */
export function erasureRoutes(app: HearthApp, services: Services): void {
  const context: ErasureContext = {
    database: services.database,
    audit: services.audit,
    cipher: services.cipher,
    jobs: services.jobs,
    mailer: services.mailer,
    liveSessions: services.liveSessions,
    publicUrl: services.config.publicUrl,
  };
  const tags = ['erasure'];

  app.get(
    '/api/my/erasure-request',
    {
      config: { policy: policies.members },
      schema: { summary: 'Your request to be erased, if you made one', tags, response: { 200: MyErasureSchema } },
    },
    // Policy: the viewer's own request only.
    async (request) => myErasure(context, requireViewer(request)),
  );

  app.post(
    '/api/my/erasure-request',
    {
      config: { policy: policies.members },
      schema: {
        summary: 'Ask your practice to erase your information',
        tags,
        body: RequestErasureBodySchema,
        response: { 201: MyErasureSchema },
      },
    },
    async (request, reply) => {
      const result = await requestErasure(context, requireViewer(request), request.body, requestOrigin(request));
      return reply.code(201).send(result);
    },
  );

  app.post(
    '/api/my/erasure-request/withdraw',
    {
      config: { policy: policies.members },
      schema: { summary: 'Withdraw your waiting request', tags, response: { 200: MyErasureSchema } },
    },
    async (request) => withdrawErasure(context, requireViewer(request), requestOrigin(request)),
  );

  app.get(
    '/api/erasure-requests',
    {
      config: { policy: policies.practiceAdmin },
      schema: {
        summary: "Your practice's erasure requests, those waiting first",
        tags,
        response: { 200: ErasureRequestsSchema },
      },
    },
    async (request) => practiceRequests(context, requireViewer(request)),
  );

  app.post(
    '/api/erasure-requests/:requestId/approve',
    {
      config: { policy: policies.practiceAdmin },
      schema: {
        summary: 'Approve a request: the person is erased, their clinical records kept for the retention period',
        tags,
        params: RequestIdParamsSchema,
        response: { 200: ErasureRequestSchema },
      },
    },
    async (request) =>
      approveErasure(context, requireViewer(request), request.params.requestId, requestOrigin(request)),
  );

  app.post(
    '/api/erasure-requests/:requestId/decline',
    {
      config: { policy: policies.practiceAdmin },
      schema: {
        summary: 'Decline a request, saying why in words the member reads',
        tags,
        params: RequestIdParamsSchema,
        body: DeclineBodySchema,
        response: { 200: ErasureRequestSchema },
      },
    },
    async (request) =>
      declineErasure(
        context,
        requireViewer(request),
        request.params.requestId,
        request.body.reason,
        requestOrigin(request),
      ),
  );
}
