import { APIError } from 'better-auth/api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/connect.js';
import { HttpProblem } from '../problem.js';
import type { Auth } from './auth.js';
import { resolveViewer, toFetchHeaders, type Viewer } from './viewer.js';

/** The same words whether the address is unknown or the password wrong, so accounts cannot be probed. */
export const SIGN_IN_FAILED = 'That e-mail and password do not match an account. Check both and try again.';

/**
 * Signs a person in through better-auth, passes its session cookie on to the reply, and returns
 * the new viewer. A new session id is issued at every sign-in.
 */
export async function signIn(
  auth: Auth,
  database: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  credentials: { email: string; password: string },
): Promise<Viewer> {
  let result;
  try {
    result = await auth.api.signInEmail({
      body: { email: credentials.email, password: credentials.password, rememberMe: false },
      headers: toFetchHeaders(request.headers),
      returnHeaders: true,
    });
  } catch (error) {
    if (error instanceof APIError && error.statusCode < 500) throw new HttpProblem(401, SIGN_IN_FAILED);
    throw error;
  }
  const cookies = result.headers.getSetCookie();
  reply.header('set-cookie', cookies);
  // Resolve the viewer from the cookie just issued, exactly as the next request will.
  const cookieHeader = cookies.map((c) => c.split(';')[0]).join('; ');
  const viewer = await resolveViewer(auth, database, new Headers({ cookie: cookieHeader }));
  if (!viewer) throw new Error('sign-in succeeded but its session could not be read back');
  return viewer;
}

/** Ends the request's session and clears its cookie. */
export async function signOut(auth: Auth, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const result = await auth.api.signOut({ headers: toFetchHeaders(request.headers), returnHeaders: true });
  reply.header('set-cookie', result.headers.getSetCookie());
}
