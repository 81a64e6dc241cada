import type { FastifyRequest } from 'fastify';
import type { Database } from '../../db/connect.js';
import { HttpProblem } from '../problem.js';
import type { Auth } from './auth.js';
import { findMembership } from './membership.repository.js';

/** The signed-in person making a request, in the practice they are acting in. */
export interface Viewer {
  userId: string;
  name: string;
  email: string;
  sessionId: string;
  practiceId: string | null;
  role: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by authentication on every route declared `access: 'signed-in'`; null elsewhere. */
    viewer: Viewer | null;
  }
}

/** Node's incoming headers as a fetch Headers object, which better-auth reads. */
export function toFetchHeaders(raw: FastifyRequest['headers']): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return headers;
}

/**
 * Resolves the session cookie into a Viewer, or null. The practice is the session's active one,
 * else the person's first membership.
 */
export async function resolveViewer(auth: Auth, database: Database, headers: Headers): Promise<Viewer | null> {
  if (!headers.get('cookie')) return null;
  const found = await auth.api.getSession({ headers, query: { disableCookieCache: true } });
  if (!found) return null;
  const { session, user } = found;
  const active = (session as { activePracticeId?: string | null }).activePracticeId ?? null;
  const membership = await findMembership(database, user.id, active);
  return {
    userId: user.id,
    name: user.name,
    email: user.email,
    sessionId: session.id,
    practiceId: membership?.practiceId ?? null,
    role: membership?.role ?? null,
  };
}

/** The viewer of a route that declared `access: 'signed-in'` (authentication already ran). */
export function requireViewer(request: FastifyRequest): Viewer {
  if (!request.viewer) throw new HttpProblem(401, 'Please sign in to continue.');
  return request.viewer;
}
