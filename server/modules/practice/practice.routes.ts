import type { z } from 'zod';
import type { AuditAction } from '../../../domain/audit-actions.js';
import type { Services } from '../../app.js';
import { actorOf, requestOrigin } from '../../platform/audit/request-context.js';
import { requireViewer, type Viewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { HttpProblem } from '../../platform/problem.js';
import { findPractice, setPracticeColumn } from './practice.repository.js';
import { CountrySchema, DefaultLocaleSchema, PracticeSchema } from './practice.schema.js';

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

  /**
   * One setting of the practice, chosen by its owners and admins and saved on its own with an
   * audit record of what it was and what it became.
   */
  function setting(options: {
    path: string;
    summary: string;
    field: 'defaultLocale' | 'country';
    body: z.ZodType<Record<string, string>>;
    current: (viewer: Viewer) => string;
    action: AuditAction;
  }) {
    app.put(
      options.path,
      {
        config: { policy: policies.practiceAdmin },
        schema: { summary: options.summary, tags: ['practice'], body: options.body, response: { 200: options.body } },
      },
      async (request) => {
        const viewer = requireViewer(request);
        // Policy: the practice the owner or admin acts in (the role part is the route's policy).
        const value = request.body[options.field]!;
        await database.db.transaction().execute(async (trx) => {
          await setPracticeColumn(trx, viewer.practiceId, options.field, value);
          await audit.record(trx, {
            action: options.action,
            ...actorOf(viewer),
            ...requestOrigin(request),
            detail: { from: options.current(viewer), to: value },
          });
        });
        return { [options.field]: value };
      },
    );
  }

  setting({
    path: '/api/practice/default-locale',
    summary: 'The language the practice’s people read until they choose their own',
    field: 'defaultLocale',
    body: DefaultLocaleSchema,
    current: (viewer) => viewer.practiceDefaultLocale,
    action: 'practice.language_changed',
  });

  setting({
    path: '/api/practice/country',
    summary: 'The country the practice works in, where its crisis lines start',
    field: 'country',
    body: CountrySchema,
    current: (viewer) => viewer.practiceCountry,
    action: 'practice.country_changed',
  });
}
