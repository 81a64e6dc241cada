import type { Services } from '../../app.js';
import { signIn } from '../../platform/auth/sign-in.js';
import type { HearthApp } from '../../platform/http.js';
import { presentViewer } from '../session/session.presenter.js';
import { ViewerSchema } from '../session/session.schema.js';
import { SetupBodySchema, SetupStatusSchema } from './setup.schema.js';
import { isSetUp } from './setup.repository.js';
import { performSetup } from './setup.service.js';

/** First run: create the practice and its owner, then sign the owner in. */
export function setupRoutes(app: HearthApp, { auth, database }: Services): void {
  app.get(
    '/api/setup',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Whether first-run setup is still needed',
        tags: ['setup'],
        response: { 200: SetupStatusSchema },
      },
    },
    async () => ({ needed: !(await isSetUp(database)) }),
  );

  app.post(
    '/api/setup',
    {
      config: { access: 'public', rateLimit: { max: 10, timeWindow: 10 * 60 * 1000 } },
      schema: {
        summary: 'Create the practice and its owner account (first run only)',
        tags: ['setup'],
        body: SetupBodySchema,
        response: { 201: ViewerSchema },
      },
    },
    async (request, reply) => {
      await performSetup(database, request.body);
      request.log.info('first-run setup completed');
      const viewer = await signIn(auth, database, request, reply, request.body);
      return reply.code(201).send(await presentViewer(database, viewer));
    },
  );
}
