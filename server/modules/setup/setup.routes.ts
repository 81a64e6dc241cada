import type { Services } from '../../app.js';
import { requestOrigin } from '../../platform/audit/request-context.js';
import { signIn } from '../../platform/auth/sign-in.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { presentViewer } from '../session/session.presenter.js';
import { ViewerSchema } from '../session/session.schema.js';
import { isSetUp } from './setup.repository.js';
import { SetupBodySchema, SetupStatusSchema } from './setup.schema.js';
import { performSetup } from './setup.service.js';

/** First run: create the practice and its owner, then sign the owner in. */
export function setupRoutes(app: HearthApp, services: Services): void {
  const { database, audit } = services;
  app.get(
    '/api/setup',
    {
      config: { policy: policies.public },
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
      config: { policy: policies.public, rateLimit: { max: 10, timeWindow: 10 * 60 * 1000 } },
      schema: {
        summary: 'Create the practice and its owner account (first run only)',
        tags: ['setup'],
        body: SetupBodySchema,
        response: { 201: ViewerSchema },
      },
    },
    async (request, reply) => {
      await performSetup(database, audit, request.body, requestOrigin(request));
      request.log.info('first-run setup completed');
      const outcome = await signIn(services, request, reply, request.body);
      // A new owner has no second factor yet, so sign-in always completes here.
      if (outcome.kind !== 'signed-in') throw new Error('a new owner cannot need a second factor');
      return reply.code(201).send(presentViewer(outcome.viewer));
    },
  );
}
