import { APIError } from 'better-auth/api';
import QRCode from 'qrcode';
import type { Services } from '../../app.js';
import { actorOf, requestOrigin } from '../../platform/audit/request-context.js';
import { checkCodeOnce } from '../../platform/auth/second-factor-codes.js';
import { resolveViewer, toFetchHeaders, requireViewer } from '../../platform/auth/viewer.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { HttpProblem } from '../../platform/problem.js';
import { presentViewer } from '../session/session.presenter.js';
import { ViewerSchema } from '../session/session.schema.js';
import { ConfirmEnrolmentBodySchema, EnrolmentSchema, StartEnrolmentBodySchema } from './two-factor.schema.js';

/** Setting up two-step sign-in: start (password → secret, QR code, recovery codes), then confirm with a code. */
export function twoFactorRoutes(app: HearthApp, services: Services): void {
  const { auth, database, audit, sessionRules, signInAttempts } = services;

  app.post(
    '/api/me/two-factor',
    {
      config: { policy: policies.ownSession, rateLimit: { max: 5, timeWindow: 5 * 60 * 1000 } },
      // A wrong password here counts with sign-in's, so a session left open is no way round the lockout.
      preHandler: (request, reply) => signInAttempts.guard(request, reply, requireViewer(request).email),
      schema: {
        summary: 'Start setting up two-step sign-in',
        tags: ['two-factor'],
        body: StartEnrolmentBodySchema,
        response: { 200: EnrolmentSchema },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      if (viewer.twoFactorEnabled) throw new HttpProblem(409, 'problem.twoFactor.alreadyOn');
      let result;
      try {
        result = await auth.api.enableTwoFactor({
          body: { password: request.body.password },
          headers: toFetchHeaders(request),
        });
      } catch (error) {
        if (error instanceof APIError && error.statusCode < 500) {
          await signInAttempts.recordFailure(request, viewer.email);
          throw new HttpProblem(400, 'problem.twoFactor.wrongPassword', { field: 'body.password' });
        }
        throw error;
      }
      const enrolment = result as { totpURI?: string; backupCodes?: string[] };
      if (!enrolment.totpURI || !enrolment.backupCodes) throw new Error('better-auth did not return a TOTP enrolment');
      const secret = new URL(enrolment.totpURI).searchParams.get('secret') ?? '';
      const svg = await QRCode.toString(enrolment.totpURI, { type: 'svg', margin: 2 });
      return {
        secret,
        otpauthUri: enrolment.totpURI,
        qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
        recoveryCodes: enrolment.backupCodes,
      };
    },
  );

  app.post(
    '/api/me/two-factor/confirm',
    {
      config: { policy: policies.ownSession, rateLimit: { max: 5, timeWindow: 5 * 60 * 1000 } },
      schema: {
        summary: 'Finish setting up two-step sign-in with a code from the app',
        tags: ['two-factor'],
        body: ConfirmEnrolmentBodySchema,
        response: { 200: ViewerSchema },
      },
    },
    async (request, reply) => {
      const viewer = requireViewer(request);
      let result = null;
      try {
        // The code that turns it on is used, like any other: it cannot sign in again (decision 0013).
        result = await checkCodeOnce(database, { userId: viewer.userId, kind: 'app', code: request.body.code }, () =>
          auth.api.verifyTOTP({
            body: { code: request.body.code },
            headers: toFetchHeaders(request),
            returnHeaders: true,
          }),
        );
      } catch (error) {
        if (!(error instanceof APIError && error.statusCode < 500)) throw error;
      }
      if (!result) {
        await database.db.transaction().execute((trx) =>
          audit.record(trx, {
            action: 'auth.two_factor_failed',
            ...actorOf(viewer),
            ...requestOrigin(request),
            detail: { step: 'enrolment' },
          }),
        );
        throw new HttpProblem(400, 'problem.twoFactor.codeFailed', {
          fields: [{ field: 'body.code', key: 'problem.twoFactor.codeFailedField' }],
        });
      }
      // Turning it on issues a fresh session; pass its cookie on and read it back.
      const cookies = result.headers.getSetCookie();
      if (cookies.length) reply.header('set-cookie', cookies);
      const cookieHeader = cookies.length
        ? cookies.map((c) => c.split(';')[0]).join('; ')
        : (request.headers.cookie ?? '');
      const fresh = await resolveViewer(auth, database, sessionRules, cookieHeader);
      if (!fresh.viewer) throw new Error('the session issued after enrolment could not be read back');
      await database.db
        .transaction()
        .execute((trx) =>
          audit.record(trx, { action: 'auth.two_factor_enabled', ...actorOf(fresh.viewer), ...requestOrigin(request) }),
        );
      return presentViewer(fresh.viewer);
    },
  );
}
