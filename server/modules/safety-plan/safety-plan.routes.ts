import type { Services } from '../../app.js';
import { requestOrigin } from '../../platform/audit/request-context.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { translatorFor } from '../../platform/problem.js';
import { safetyPlanPdf } from './safety-plan.pdf.js';
import {
  MemberParamsSchema,
  SafetyPlanViewSchema,
  SavePlanBodySchema,
  VersionQuerySchema,
} from './safety-plan.schema.js';
import { readPlan, savePlan, type SafetyPlanContext } from './safety-plan.service.js';

/**
 * A member's safety plan (docs/safety-plan.md): the member reads, saves and prints their own; their
 * facilitators read it (audited), and may write it with them; a supervisor reads it. For anyone
 * else, another member asking for it by id included, the member's plan is not there (404): the
 * people routes are open to anyone signed in so that the service answers, not the role check.
 */
export function safetyPlanRoutes(app: HearthApp, services: Services): void {
  const context: SafetyPlanContext = {
    database: services.database,
    audit: services.audit,
    cipher: services.cipher,
    jobs: services.jobs,
    publicUrl: services.config.publicUrl,
  };
  const tags = ['safety plan'];

  app.get(
    '/api/my/safety-plan',
    {
      config: { policy: policies.members },
      schema: {
        summary: 'Your safety plan (a version, or the newest), its versions and who reads it',
        tags,
        querystring: VersionQuerySchema,
        response: { 200: SafetyPlanViewSchema },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      // Like every API answer, never stored by the browser's HTTP cache (no-store), which no
      // sign-out empties: only the service worker keeps the plan for use offline, in a cache the
      // app empties when the person signs out or someone else signs in (docs/safety-plan.md).
      return readPlan(context, viewer, viewer.userId, request.query.version, requestOrigin(request));
    },
  );

  app.put(
    '/api/my/safety-plan',
    {
      config: { policy: policies.members },
      schema: {
        summary: 'Save your safety plan as a new version',
        tags,
        body: SavePlanBodySchema,
        response: { 200: SafetyPlanViewSchema },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      return savePlan(context, viewer, viewer.userId, request.body, requestOrigin(request));
    },
  );

  app.get(
    '/api/my/safety-plan.pdf',
    {
      config: { policy: policies.members },
      schema: { summary: 'Your safety plan as a PDF to save or print', tags, querystring: VersionQuerySchema },
    },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const view = await readPlan(context, viewer, viewer.userId, request.query.version, requestOrigin(request));
      const t = translatorFor(request);
      const pdf = await safetyPlanPdf(view, t);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${t.t('safetyPlan.pdf.fileName')}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );

  app.get(
    '/api/people/:userId/safety-plan',
    {
      config: { policy: policies.signedIn },
      schema: {
        summary: "A member's safety plan, for their facilitators and supervisors (audited)",
        tags,
        params: MemberParamsSchema,
        querystring: VersionQuerySchema,
        response: { 200: SafetyPlanViewSchema },
      },
    },
    async (request) =>
      readPlan(context, requireViewer(request), request.params.userId, request.query.version, requestOrigin(request)),
  );

  app.put(
    '/api/people/:userId/safety-plan',
    {
      config: { policy: policies.signedIn },
      schema: {
        summary: "Save a member's safety plan, written with them by their facilitator",
        tags,
        params: MemberParamsSchema,
        body: SavePlanBodySchema,
        response: { 200: SafetyPlanViewSchema },
      },
    },
    async (request) =>
      savePlan(context, requireViewer(request), request.params.userId, request.body, requestOrigin(request)),
  );
}
