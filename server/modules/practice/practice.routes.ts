import type { Services } from '../../app.js';
import { actorOf, requestOrigin } from '../../platform/audit/request-context.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { HttpProblem } from '../../platform/problem.js';
import { findPractice, setDefaultLocale } from './practice.repository.js';
import { DefaultLocaleSchema, PracticeSchema } from './practice.schema.js';

/** The practice the viewer is acting in. */
export function practiceRoutes(app: HearthApp, { database, audit }: Services): void {
  app.get(
    '/api/practice',
    {
      config: { policy: policies.signedIn },
      schema: { summary: 'The practice you are signed in to', tags: ['practice'], response: { 200: PracticeSchema } },
    },
    async (request) => {
      const viewer = requireViewer(request);
      // Policy: a person sees only a practice they belong to; the viewer's membership is that check.
      const practice = viewer.practiceId ? await findPractice(database, viewer.practiceId) : undefined;
      if (!practice || !viewer.role) throw new HttpProblem(404, 'problem.practice.none');
      return { id: practice.id, name: practice.name, slug: practice.slug, role: viewer.role };
    },
  );

  app.put(
    '/api/practice/default-locale',
    {
      config: { policy: policies.practiceAdmin },
      schema: {
        summary: 'The language the practice’s people read until they choose their own',
        tags: ['practice'],
        body: DefaultLocaleSchema,
        response: { 200: DefaultLocaleSchema },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      // Policy: the practice the owner or admin acts in (the role part is the route's policy).
      const { defaultLocale } = request.body;
      await database.db.transaction().execute(async (trx) => {
        await setDefaultLocale(trx, viewer.practiceId, defaultLocale);
        await audit.record(trx, {
          action: 'practice.language_changed',
          ...actorOf(viewer),
          ...requestOrigin(request),
          detail: { from: viewer.practiceDefaultLocale, to: defaultLocale },
        });
      });
      return { defaultLocale };
    },
  );
}
