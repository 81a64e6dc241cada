import { z } from 'zod';
import type { Services } from '../../app.js';
import type { AuditEntry } from '../../platform/audit/audit-log.js';
import { actorOf, requestOrigin } from '../../platform/audit/request-context.js';
import { deleteSession, listSessions } from '../../platform/auth/session.repository.js';
import { signIn, signOut, verifySecondFactor } from '../../platform/auth/sign-in.js';
import { requireViewer } from '../../platform/auth/viewer.js';
import { TWO_FACTOR_ROLES } from '../../../domain/roles.js';
import type { HearthApp } from '../../platform/http.js';
import { policies } from '../../platform/policy.js';
import { HttpProblem } from '../../platform/problem.js';
import { ATTEMPT_LIMIT, failedAttemptLimiter } from '../../platform/rate-limits.js';
import { presentViewer } from './session.presenter.js';
import { findAccountByEmail, findPendingSecondFactor, setActivePractice } from './session.repository.js';
import {
  SecondFactorBodySchema,
  SessionIdParamsSchema,
  SessionListSchema,
  SignInBodySchema,
  SignInResponseSchema,
  SwitchPracticeBodySchema,
  ViewerSchema,
} from './session.schema.js';

/** Sign in (with a second step where it is on), see who is signed in, switch practice, sign out, and manage one's sessions. */
export function sessionRoutes(app: HearthApp, services: Services): void {
  const { auth, database, audit } = services;
  const record = (entry: AuditEntry) => database.db.transaction().execute((trx) => audit.record(trx, entry));

  // Counted per account as well as per address, so that spreading guesses over many addresses
  // does not help either. Password failures share one count with accepting an invitation.
  const { signInAttempts } = services;
  const codeAttempts = failedAttemptLimiter(app, ATTEMPT_LIMIT);

  app.get(
    '/api/session',
    {
      config: { policy: policies.ownSession },
      schema: {
        summary: 'The signed-in person and their practices',
        tags: ['session'],
        response: { 200: ViewerSchema },
      },
    },
    async (request) => presentViewer(requireViewer(request)),
  );

  app.post(
    '/api/session',
    {
      config: { policy: policies.public },
      preHandler: (request, reply) => signInAttempts.guard(request, reply, request.body.email),
      schema: {
        summary: 'Sign in with e-mail and password',
        description:
          'When two-step sign-in is on, answers `second-factor-needed`; send the code to /api/session/second-factor.',
        tags: ['session'],
        body: SignInBodySchema,
        response: { 200: SignInResponseSchema },
      },
    },
    async (request, reply) => {
      let outcome;
      try {
        outcome = await signIn(services, request, reply, request.body);
      } catch (error) {
        if (error instanceof HttpProblem && error.status === 401) {
          await signInAttempts.recordFailure(request, request.body.email);
          const account = await findAccountByEmail(database, request.body.email);
          for (const practiceId of account?.practiceIds.length ? account.practiceIds : [null]) {
            await record({
              action: 'auth.sign_in_failed',
              practiceId,
              actor: null,
              subject: account ? { type: 'user', id: account.userId } : undefined,
              ...requestOrigin(request),
              detail: { reason: account ? 'wrong-password-or-inactive' : 'unknown-account' },
            });
          }
        }
        throw error;
      }
      if (outcome.kind === 'second-factor-needed') return { status: 'second-factor-needed' as const };
      await record({
        action: 'auth.signed_in',
        ...actorOf(outcome.viewer),
        ...requestOrigin(request),
        detail: { secondFactor: false },
      });
      return { status: 'signed-in' as const, viewer: presentViewer(outcome.viewer) };
    },
  );

  app.post(
    '/api/session/second-factor',
    {
      config: { policy: policies.public },
      preHandler: (request, reply) => codeAttempts.guard(request, reply, pendingSignInId(request.headers.cookie)),
      schema: {
        summary: 'Finish signing in with a code from the authenticator app or a recovery code',
        tags: ['session'],
        body: SecondFactorBodySchema,
        response: { 200: SignInResponseSchema },
      },
    },
    async (request, reply) => {
      const pending = await findPendingSecondFactor(database, pendingSignInId(request.headers.cookie));
      let viewer;
      try {
        viewer = await verifySecondFactor(services, request, reply, {
          ...request.body,
          userId: pending?.userId ?? null,
        });
      } catch (error) {
        if (error instanceof HttpProblem && (error.status === 401 || error.status === 429)) {
          await codeAttempts.recordFailure(request, pendingSignInId(request.headers.cookie));
          for (const practiceId of pending?.practiceIds.length ? pending.practiceIds : [null]) {
            await record({
              action: 'auth.two_factor_failed',
              practiceId,
              actor: null,
              subject: pending ? { type: 'user', id: pending.userId } : undefined,
              ...requestOrigin(request),
              detail: { step: 'sign-in', kind: request.body.kind, locked: error.status === 429 },
            });
          }
        }
        throw error;
      }
      await record({
        action: 'auth.signed_in',
        ...actorOf(viewer),
        ...requestOrigin(request),
        detail: { secondFactor: request.body.kind },
      });
      return { status: 'signed-in' as const, viewer: presentViewer(viewer) };
    },
  );

  app.put(
    '/api/session/practice',
    {
      config: { policy: policies.ownSession },
      schema: {
        summary: 'Act in another of your practices',
        tags: ['session'],
        body: SwitchPracticeBodySchema,
        response: { 200: ViewerSchema },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      const target = viewer.practices.find((p) => p.id === request.body.practiceId);
      // Policy: only a practice the person belongs to, and is not disabled in; anything else is "not found".
      if (!target) throw new HttpProblem(404, 'problem.session.notYourPractice');
      await setActivePractice(database, viewer.sessionId, target.id);
      const switched = { ...viewer, practiceId: target.id, practiceName: target.name, role: target.role };
      await record({
        action: 'practice.switched',
        ...actorOf(switched),
        ...requestOrigin(request),
        detail: { from: viewer.practiceId },
      });
      return presentViewer({
        ...switched,
        mustEnrolTwoFactor: TWO_FACTOR_ROLES.includes(target.role) && !viewer.twoFactorEnabled,
      });
    },
  );

  app.delete(
    '/api/session',
    {
      config: { policy: policies.ownSession },
      schema: { summary: 'Sign out', tags: ['session'], response: { 204: z.null() } },
    },
    async (request, reply) => {
      const viewer = requireViewer(request);
      await signOut(auth, request, reply);
      await record({ action: 'auth.signed_out', ...actorOf(viewer), ...requestOrigin(request) });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/me/sessions',
    {
      config: { policy: policies.ownSession },
      schema: { summary: 'Your signed-in sessions', tags: ['session'], response: { 200: SessionListSchema } },
    },
    async (request) => {
      const viewer = requireViewer(request);
      const sessions = await listSessions(database, viewer.userId, new Date());
      return { sessions: sessions.map((s) => ({ ...s, current: s.id === viewer.sessionId })) };
    },
  );

  app.delete(
    '/api/me/sessions/:sessionId',
    {
      config: { policy: policies.ownSession },
      schema: {
        summary: 'End one of your sessions',
        tags: ['session'],
        params: SessionIdParamsSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const viewer = requireViewer(request);
      // Policy: the session must be the viewer's own; another person's is "not found".
      const ended = await deleteSession(database, viewer.userId, request.params.sessionId);
      if (!ended) throw new HttpProblem(404, 'problem.session.notFound');
      await services.liveSessions.close(viewer.userId, [request.params.sessionId]);
      await record({
        action: 'auth.session_ended',
        ...actorOf(viewer),
        ...requestOrigin(request),
        subject: { type: 'session', id: request.params.sessionId },
      });
      return reply.code(204).send(null);
    },
  );
}

/**
 * The id of a sign-in waiting for its second step: better-auth's signed `two_factor` cookie holds
 * it before the signature. Only used to count attempts and to name the account in the audit log.
 */
function pendingSignInId(cookieHeader: string | undefined): string | null {
  const raw = /hearth\.two_factor=([^;]+)/.exec(cookieHeader ?? '')?.[1];
  if (!raw) return null;
  const value = decodeURIComponent(raw);
  return value.slice(0, value.lastIndexOf('.') > 0 ? value.lastIndexOf('.') : undefined);
}
