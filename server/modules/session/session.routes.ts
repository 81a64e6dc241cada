import { z } from 'zod';
import type { Services } from '../../app.js';
import { signIn, signOut } from '../../platform/auth/sign-in.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { presentViewer } from './session.presenter.js';
import { SignInBodySchema, ViewerSchema } from './session.schema.js';

/** At most five sign-in attempts per five minutes from one address (PRODUCT.md §3.1). */
const SIGN_IN_RATE_LIMIT = { max: 5, timeWindow: 5 * 60 * 1000 };

/** Sign in, see who is signed in, sign out. */
export function sessionRoutes(app: HearthApp, { auth, database }: Services): void {
  app.get(
    '/api/session',
    {
      config: { access: 'signed-in' },
      schema: {
        summary: 'The signed-in person and their practice',
        tags: ['session'],
        response: { 200: ViewerSchema },
      },
    },
    async (request) => presentViewer(database, requireViewer(request)),
  );

  app.post(
    '/api/session',
    {
      config: { access: 'public', rateLimit: SIGN_IN_RATE_LIMIT },
      schema: {
        summary: 'Sign in with e-mail and password',
        tags: ['session'],
        body: SignInBodySchema,
        response: { 200: ViewerSchema },
      },
    },
    async (request, reply) => {
      const viewer = await signIn(auth, database, request, reply, request.body);
      request.log.info({ userId: viewer.userId }, 'signed in');
      return presentViewer(database, viewer);
    },
  );

  app.delete(
    '/api/session',
    {
      config: { access: 'signed-in' },
      schema: { summary: 'Sign out', tags: ['session'], response: { 204: z.null() } },
    },
    async (request, reply) => {
      await signOut(auth, request, reply);
      return reply.code(204).send(null);
    },
  );
}
