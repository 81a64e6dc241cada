import { APIError } from 'better-auth/api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/connect.js';
import { HttpProblem } from '../problem.js';
import type { Auth } from './auth.js';
import { checkCodeOnce } from './second-factor-codes.js';
import { deleteAllSessions } from './session.repository.js';
import { resolveViewer, toFetchHeaders, type SessionRules, type Viewer } from './viewer.js';

/** What signing in needs from the app. */
export interface AuthContext {
  auth: Auth;
  database: Database;
  sessionRules: SessionRules;
}

/** The same words whether the address is unknown or the password wrong, so accounts cannot be probed. */
export const SIGN_IN_FAILED = 'problem.signIn.failed';
export const ACCOUNT_NOT_ACTIVE = 'problem.signIn.accountNotActive';
export const CODE_FAILED = 'problem.signIn.codeFailed';
export const RECOVERY_CODE_FAILED = 'problem.signIn.recoveryCodeFailed';

export type SignInOutcome = { kind: 'signed-in'; viewer: Viewer } | { kind: 'second-factor-needed' };

/** Copies better-auth's Set-Cookie headers onto the reply and returns them as a Cookie header. */
function passCookies(reply: FastifyReply, headers: Headers): string {
  const cookies = headers.getSetCookie();
  if (cookies.length) reply.header('set-cookie', cookies);
  return cookies.map((c) => c.split(';')[0]).join('; ');
}

/** Reads back the session just issued, exactly as the next request will; ends it if it cannot be used. */
async function viewerFromNewSession(context: AuthContext, userId: string, cookieHeader: string): Promise<Viewer> {
  const result = await resolveViewer(context.auth, context.database, context.sessionRules, cookieHeader);
  if (result.viewer) return result.viewer;
  await deleteAllSessions(context.database, userId);
  throw new HttpProblem(401, ACCOUNT_NOT_ACTIVE);
}

/**
 * Checks e-mail and password through better-auth. With two-step sign-in on, no session is issued
 * yet: better-auth sets a short-lived cookie that `verifySecondFactor` takes instead. A new session
 * id is issued at every sign-in.
 */
export async function signIn(
  context: AuthContext,
  request: FastifyRequest,
  reply: FastifyReply,
  credentials: { email: string; password: string },
): Promise<SignInOutcome> {
  let result;
  try {
    result = await context.auth.api.signInEmail({
      body: { email: credentials.email, password: credentials.password, rememberMe: false },
      headers: toFetchHeaders(request),
      returnHeaders: true,
    });
  } catch (error) {
    if (error instanceof APIError && error.statusCode < 500) throw new HttpProblem(401, SIGN_IN_FAILED);
    throw error;
  }
  const cookieHeader = passCookies(reply, result.headers);
  const response = result.response as { twoFactorRedirect?: boolean; user?: { id: string } };
  if (response.twoFactorRedirect) return { kind: 'second-factor-needed' };
  if (!response.user) throw new Error('better-auth signed in without returning the user');
  return { kind: 'signed-in', viewer: await viewerFromNewSession(context, response.user.id, cookieHeader) };
}

/** Said when the pending sign-in has expired or its cookie is missing. */
export const SIGN_IN_TIMED_OUT = 'problem.signIn.timedOut';

/**
 * Completes a two-step sign-in with a code from the authenticator app or a recovery code. Each
 * code works once per account (platform/auth/second-factor-codes): a code used before, here or
 * on another instance, gets the same words as a wrong one.
 */
export async function verifySecondFactor(
  context: AuthContext,
  request: FastifyRequest,
  reply: FastifyReply,
  /** `userId`: the account the pending sign-in names (better-auth checks the cookie's signature). */
  input: { code: string; kind: 'app' | 'recovery'; userId: string | null },
): Promise<Viewer> {
  const headers = toFetchHeaders(request);
  const codeFailed = new HttpProblem(401, input.kind === 'recovery' ? RECOVERY_CODE_FAILED : CODE_FAILED);
  if (!input.userId) throw new HttpProblem(401, SIGN_IN_TIMED_OUT);
  let result;
  try {
    result = await checkCodeOnce(context.database, { userId: input.userId, kind: input.kind, code: input.code }, () =>
      input.kind === 'app'
        ? context.auth.api.verifyTOTP({ body: { code: input.code }, headers, returnHeaders: true })
        : context.auth.api.verifyBackupCode({ body: { code: input.code }, headers, returnHeaders: true }),
    );
  } catch (error) {
    if (error instanceof APIError && error.statusCode < 500) {
      const message = String(error.body?.message ?? '');
      if (/invalid two factor cookie|two factor.*not found|no.*session/i.test(message)) {
        throw new HttpProblem(401, SIGN_IN_TIMED_OUT);
      }
      if (/locked/i.test(message)) {
        throw new HttpProblem(429, 'problem.signIn.codesLocked');
      }
      throw codeFailed;
    }
    throw error;
  }
  if (!result) throw codeFailed;
  const cookieHeader = passCookies(reply, result.headers);
  const user = (result.response as { user?: { id: string } }).user;
  if (!user) throw new Error('better-auth verified a code without returning the user');
  return viewerFromNewSession(context, user.id, cookieHeader);
}

/** Ends the request's session and clears its cookie. */
export async function signOut(auth: Auth, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const result = await auth.api.signOut({ headers: toFetchHeaders(request), returnHeaders: true });
  passCookies(reply, result.headers);
}
