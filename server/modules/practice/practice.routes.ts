import type { Services } from '../../app.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { HttpProblem } from '../../platform/problem.js';
import { findPractice } from './practice.repository.js';
import { PracticeSchema } from './practice.schema.js';

/** The practice the viewer is acting in. */
export function practiceRoutes(app: HearthApp, { database }: Services): void {
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
}
