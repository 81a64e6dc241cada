import type { Services } from '../../app.js';
import { requestOrigin } from '../../platform/audit/request-context.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { retentionOf } from './retention.repository.js';
import { MyRetentionSchema, RetentionBodySchema, RetentionSchema } from './retention.schema.js';
import { setRetention } from './retention.service.js';

/** How long the practice keeps each kind of record: set by its admins, read by everyone in it. */
export function retentionRoutes(app: HearthApp, services: Services): void {
  const context = { database: services.database, audit: services.audit };
  const tags = ['retention'];

  app.get(
    '/api/practice/retention',
    {
      config: { policy: policies.practiceAdmin },
      schema: { summary: 'How long your practice keeps each kind of record', tags, response: { 200: RetentionSchema } },
    },
    // Policy: the viewer's own practice, which the admin policy already checked they run.
    async (request) => retentionOf(services.database.db, requireViewer(request).practiceId),
  );

  app.put(
    '/api/practice/retention',
    {
      config: { policy: policies.practiceAdmin },
      schema: {
        summary: 'Set how long your practice keeps each kind of record',
        tags,
        body: RetentionBodySchema,
        response: { 200: RetentionSchema },
      },
    },
    async (request) => setRetention(context, requireViewer(request), request.body, requestOrigin(request)),
  );

  app.get(
    '/api/my/retention',
    {
      config: { policy: policies.signedIn },
      schema: {
        summary: 'How long your practice keeps your information',
        tags,
        response: { 200: MyRetentionSchema },
      },
    },
    async (request) => {
      // Policy: anyone in the practice may read its retention periods; they are about their own data.
      const viewer = requireViewer(request);
      return {
        practiceName: viewer.practiceName,
        settings: await retentionOf(services.database.db, viewer.practiceId),
      };
    },
  );
}
