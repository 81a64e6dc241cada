import { APIError } from 'better-auth/api';
import { z } from 'zod';
import type { Services } from '../../app.js';
import { requestOrigin } from '../../platform/audit/request-context.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { PASSWORD_RESET_MINUTES } from '../../platform/auth/auth.js';
import { HttpProblem, translatorFor } from '../../platform/problem.js';
import { ATTEMPT_LIMIT, limitBy } from '../../platform/rate-limits.js';
import { findUserByEmail, practicesOf } from '../people/people.repository.js';
import { findVerificationValue } from '../session/session.repository.js';
import {
  CompleteResetBodySchema,
  RequestResetBodySchema,
  RequestResetResponseSchema,
} from './password-reset.schema.js';

/** The one answer to every reset request, so nobody learns whether an address has an account. */
/** Forgotten password: ask for a link by e-mail, then choose a new password with it. */
export function passwordResetRoutes(app: HearthApp, { auth, database, audit, mailer }: Services): void {
  const tags = ['session'];
  const perAccount = limitBy(app, ATTEMPT_LIMIT, (request) => `reset:${(request.body as { email?: string }).email}`);

  app.post(
    '/api/password-reset',
    {
      config: { policy: policies.public, rateLimit: ATTEMPT_LIMIT },
      preHandler: perAccount,
      schema: {
        summary: 'E-mail a link to choose a new password',
        tags,
        body: RequestResetBodySchema,
        response: { 202: RequestResetResponseSchema },
      },
    },
    async (request, reply) => {
      await auth.api.requestPasswordReset({ body: { email: request.body.email } });
      const account = await findUserByEmail(database, request.body.email);
      const chains = account ? await practicesOf(database, account.id) : [];
      await database.db.transaction().execute(async (trx) => {
        for (const practiceId of chains.length ? chains : [null]) {
          await audit.record(trx, {
            action: 'auth.password_reset_requested',
            practiceId,
            actor: null,
            subject: account ? { type: 'user', id: account.id } : undefined,
            ...requestOrigin(request),
            detail: { knownAccount: Boolean(account) },
          });
        }
      });
      // Without a mail server the e-mail stays on the server: say so, the same for every address.
      const { t } = translatorFor(request);
      const requested = t('message.passwordReset.requested', { minutes: PASSWORD_RESET_MINUTES });
      const message = mailer.mode === 'outbox' ? `${requested} ${t('message.passwordReset.noMailServer')}` : requested;
      return reply.code(202).send({ message });
    },
  );

  app.post(
    '/api/password-reset/complete',
    {
      config: { policy: policies.public, rateLimit: ATTEMPT_LIMIT },
      schema: {
        summary: 'Choose a new password with the link from the e-mail',
        tags,
        body: CompleteResetBodySchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const userId = await findVerificationValue(database, `reset-password:${request.body.token}`);
      try {
        await auth.api.resetPassword({ body: { token: request.body.token, newPassword: request.body.password } });
      } catch (error) {
        if (error instanceof APIError && error.statusCode < 500) {
          throw new HttpProblem(400, 'problem.passwordReset.linkUsed');
        }
        throw error;
      }
      if (userId) {
        const chains = await practicesOf(database, userId);
        await database.db.transaction().execute(async (trx) => {
          for (const practiceId of chains) {
            await audit.record(trx, {
              action: 'auth.password_reset',
              practiceId,
              actor: { userId, role: null },
              subject: { type: 'user', id: userId },
              ...requestOrigin(request),
            });
          }
        });
      }
      return reply.code(204).send(null);
    },
  );
}
