import type { FastifyReply } from 'fastify';
import type { Services } from '../../app.js';
import { requestOrigin } from '../../platform/audit/request-context.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { localeOf } from '../../platform/problem.js';
import { attachment } from '../../platform/slug.js';
import { dayFor } from '../../platform/time-words.js';
import { GroupIdParamsSchema } from '../groups/groups.schema.js';
import { registerMeasureJobs } from './measures.jobs.js';
import {
  AnswersBodySchema,
  CustomInstrumentBodySchema,
  FormParamsSchema,
  PlanBodySchema,
  SafetyBodySchema,
} from './measures.schema.js';
import { formFor, myForms, saveAnswers, submitForm, type MeasuresContext } from './measures.service.js';
import { groupOutcomes, myProgress, outcomesCsv, outcomesFhir } from './outcomes.service.js';
import { createInstrument, instrumentList, planFor, safetyFor, setPlan, setSafety } from './plans.service.js';

/** An export of members' answers, named for filing (every /api answer is already `no-store`). */
function download(reply: FastifyReply, type: string, disposition: string, body: string) {
  return reply.header('content-type', type).header('content-disposition', disposition).send(body);
}

/** Measurement-based care: instruments, each group's plan, members' forms, outcomes and exports. */
export function measureRoutes(app: HearthApp, services: Services): void {
  const context: MeasuresContext = { ...services, publicUrl: services.config.publicUrl };
  const tags = ['measures'];
  registerMeasureJobs(context);

  app.get(
    '/api/instruments',
    {
      config: { policy: policies.staff },
      schema: { summary: 'Questionnaires: Hearth’s and your practice’s own', tags },
    },
    async (request) => instrumentList(context, requireViewer(request)),
  );

  app.post(
    '/api/instruments',
    {
      config: { policy: policies.groupLeads },
      schema: { summary: 'Make your practice’s own questionnaire', tags, body: CustomInstrumentBodySchema },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await createInstrument(context, requireViewer(request), request.body, requestOrigin(request))),
  );

  app.get(
    '/api/groups/:groupId/measures',
    {
      config: { policy: policies.staff },
      schema: { summary: 'Which questionnaires a group uses, and when', tags, params: GroupIdParamsSchema },
    },
    async (request) => planFor(context, requireViewer(request), request.params.groupId),
  );

  app.put(
    '/api/groups/:groupId/measures',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'Set which questionnaires a group uses, and when',
        tags,
        params: GroupIdParamsSchema,
        body: PlanBodySchema,
      },
    },
    async (request) =>
      setPlan(context, requireViewer(request), request.params.groupId, request.body, requestOrigin(request)),
  );

  app.get(
    '/api/groups/:groupId/outcomes',
    {
      config: { policy: policies.staff },
      schema: {
        summary: 'The roster view: each member’s trajectory, change, attendance and alerts; the group’s climate',
        tags,
        params: GroupIdParamsSchema,
      },
    },
    async (request) => groupOutcomes(context, requireViewer(request), request.params.groupId, requestOrigin(request)),
  );

  app.get(
    '/api/groups/:groupId/outcomes.csv',
    {
      config: { policy: policies.groupLeads },
      schema: { summary: 'Every sent questionnaire of a group, as CSV', tags, params: GroupIdParamsSchema },
    },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const { groupName, csv } = await outcomesCsv(
        context,
        viewer,
        request.params.groupId,
        requestOrigin(request),
        localeOf(request),
      );
      const disposition = attachment(groupName, dayFor(viewer.timeZone), 'measures.csv');
      return download(reply, 'text/csv; charset=utf-8', disposition, csv);
    },
  );

  app.get(
    '/api/groups/:groupId/outcomes.fhir.json',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'Every sent questionnaire of a group as a FHIR R4 Bundle (QuestionnaireResponse and Observation)',
        tags,
        params: GroupIdParamsSchema,
      },
    },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const { groupName, bundle } = await outcomesFhir(context, viewer, request.params.groupId, requestOrigin(request));
      const disposition = attachment(groupName, dayFor(viewer.timeZone), 'measures.fhir.json');
      return download(reply, 'application/fhir+json; charset=utf-8', disposition, JSON.stringify(bundle));
    },
  );

  app.get(
    '/api/my/measures',
    { config: { policy: policies.signedIn }, schema: { summary: 'Your check-ins: waiting, and sent', tags } },
    async (request) => myForms(context, requireViewer(request), localeOf(request)),
  );

  app.get(
    '/api/my/measures/:formId',
    {
      config: { policy: policies.signedIn },
      schema: { summary: 'One of your check-ins, with answers saved so far', tags, params: FormParamsSchema },
    },
    async (request) => formFor(context, requireViewer(request), request.params.formId, localeOf(request)),
  );

  app.put(
    '/api/my/measures/:formId/answers',
    {
      config: { policy: policies.signedIn },
      schema: {
        summary: 'Save answers so far (come back later)',
        tags,
        params: FormParamsSchema,
        body: AnswersBodySchema,
      },
    },
    async (request) =>
      saveAnswers(context, requireViewer(request), request.params.formId, request.body, requestOrigin(request)),
  );

  app.post(
    '/api/my/measures/:formId/submission',
    {
      config: { policy: policies.signedIn },
      schema: {
        summary: 'Send a check-in; sending the same answers again changes nothing',
        tags,
        params: FormParamsSchema,
        body: AnswersBodySchema,
      },
    },
    async (request) =>
      submitForm(context, requireViewer(request), request.params.formId, request.body, requestOrigin(request)),
  );

  app.get(
    '/api/my/progress',
    { config: { policy: policies.signedIn }, schema: { summary: 'Your own progress, in words and numbers', tags } },
    async (request) => myProgress(context, requireViewer(request), localeOf(request)),
  );

  app.get(
    '/api/practice/safety',
    {
      config: { policy: policies.practiceAdmin },
      schema: { summary: 'Who hears of urgent alerts nobody has acknowledged, and when', tags },
    },
    async (request) => safetyFor(context, requireViewer(request)),
  );

  app.put(
    '/api/practice/safety',
    {
      config: { policy: policies.practiceAdmin },
      schema: { summary: 'Set the backup clinician and the escalation time', tags, body: SafetyBodySchema },
    },
    async (request) => setSafety(context, requireViewer(request), request.body, requestOrigin(request)),
  );
}
