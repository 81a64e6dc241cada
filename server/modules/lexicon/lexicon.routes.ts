import type { Services } from '../../app.js';
import { requestOrigin } from '../../platform/audit/request-context.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import {
  LexiconSchema,
  NewRuleBodySchema,
  PracticeRuleSchema,
  RuleBodySchema,
  RuleIdParamsSchema,
  SampleBodySchema,
  ScreeningSchema,
} from './lexicon.schema.js';
import { addRule, changeRule, lexiconView, testSample, type LexiconContext } from './lexicon.service.js';

/**
 * The crisis-language lexicon (docs/crisis-screening.md, decision 0041): Hearth's shipped rules,
 * read-only, and the practice's own. Owners, admins and clinicians read it and try samples in the
 * test box (clinicians are the ones alerted, so they should see what alerts them); owners and
 * admins add and edit the practice's rules. Everything concerns the viewer's own practice: a rule
 * of another practice is not there for them (404).
 */
export function lexiconRoutes(app: HearthApp, services: Services): void {
  const context: LexiconContext = { database: services.database, audit: services.audit };
  const tags = ['lexicon'];

  app.get(
    '/api/lexicon',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: "Hearth's crisis-language rules and your practice's own",
        tags,
        response: { 200: LexiconSchema },
      },
    },
    // Policy: the viewer's own practice, which the policy already checked they work in.
    async (request) => lexiconView(context, requireViewer(request)),
  );

  app.post(
    '/api/lexicon/rules',
    {
      config: { policy: policies.practiceAdmin },
      schema: {
        summary: 'Add a word or phrase your practice screens posts and chat for',
        tags,
        body: NewRuleBodySchema,
        response: { 201: PracticeRuleSchema },
      },
    },
    async (request, reply) => {
      const rule = await addRule(context, requireViewer(request), request.body, requestOrigin(request));
      return reply.code(201).send(rule);
    },
  );

  app.put(
    '/api/lexicon/rules/:ruleId',
    {
      config: { policy: policies.practiceAdmin },
      schema: {
        summary: "Change one of your practice's rules, or switch it off or on",
        tags,
        params: RuleIdParamsSchema,
        body: RuleBodySchema,
        response: { 200: PracticeRuleSchema },
      },
    },
    // Policy: a rule of the viewer's own practice (404 otherwise).
    async (request) =>
      changeRule(context, requireViewer(request), request.params.ruleId, request.body, requestOrigin(request)),
  );

  app.post(
    '/api/lexicon/test',
    {
      config: { policy: policies.groupLeads },
      schema: {
        summary: 'Screen a sample text as a post would be: the level and every rule that matched',
        tags,
        body: SampleBodySchema,
        response: { 200: ScreeningSchema },
      },
    },
    async (request) => testSample(context, requireViewer(request), request.body.text, requestOrigin(request)),
  );
}
