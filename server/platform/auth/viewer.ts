import type { FastifyRequest } from 'fastify';
import { isRole, STAFF_ROLES, TWO_FACTOR_ROLES, type Role } from '../../../domain/roles.js';
import type { Database } from '../../db/connect.js';
import type { Locale } from '../../../domain/locale.js';
import { chooseLocale } from '../i18n.js';
import { HttpProblem } from '../problem.js';
import { CLIENT_ADDRESS_HEADER, type Auth } from './auth.js';
import { actingMembership } from './membership.repository.js';
import { sessionCookieReader } from './session-cookie.js';
import { deleteSession, findSessionByToken, touchSession } from './session.repository.js';

/** The signed-in person making a request, in the practice they are acting in. */
export interface Viewer {
  userId: string;
  name: string;
  email: string;
  sessionId: string;
  /** The practice they act in: the session's chosen one, else their first. */
  practiceId: string;
  practiceName: string;
  role: Role;
  /** Every practice they may switch to. */
  practices: Array<{ id: string; name: string; role: Role }>;
  twoFactorEnabled: boolean;
  /** Their role needs two-factor sign-in and they have not set it up: only enrolment is open. */
  mustEnrolTwoFactor: boolean;
  /** The language they chose (null: not chosen), as saved; may name one Hearth no longer speaks. */
  locale: string | null;
  /** The language of the practice they act in, for when they have not chosen one. */
  practiceDefaultLocale: string;
  /** The country of the practice they act in: where crisis lines start (domain/crisis-resources.ts). */
  practiceCountry: string;
  /** The IANA zone their browser last reported (null: not yet), for e-mails about sessions. */
  timeZone: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by authentication on every route whose policy needs a session; null elsewhere. */
    viewer: Viewer | null;
  }
}

/** How long sessions last (PRODUCT.md §3.1), from the configuration. */
export interface SessionRules {
  idleMinutesStaff: number;
  idleMinutesMember: number;
}

/** Activity is written at most this often per session, so reads do not each cost a write. */
const TOUCH_INTERVAL_MS = 30_000;

/**
 * A request's headers as a fetch Headers object, which better-auth reads, with the client's
 * address as Hearth resolved it (never as the client claims it).
 */
export function toFetchHeaders(request: FastifyRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  headers.set(CLIENT_ADDRESS_HEADER, request.ip);
  return headers;
}

export type ViewerResult = { viewer: Viewer } | { viewer: null; ended?: 'idle' | 'no-active-membership' };

/**
 * Resolves the session cookie into a Viewer, in Hearth's own code (docs/decisions/0045): the
 * cookie's signature checked with a key imported once, then one query by the session's unique
 * token for the session, its person and their memberships. No cache: each request reads the
 * sessions table, so a session ended anywhere (sign-out, disabling, removal) is refused at once on
 * every instance. A session past its absolute lifetime is deleted and refused, as better-auth did;
 * one idle for longer than the role allows, or of a person with no practice they may still use,
 * is ended here.
 */
export async function resolveViewer(
  auth: Auth,
  database: Database,
  rules: SessionRules,
  cookieHeader: string | undefined,
  now = new Date(),
): Promise<ViewerResult> {
  if (!cookieHeader) return { viewer: null };
  const token = (await sessionCookieReader(auth)).token(cookieHeader);
  if (!token) return { viewer: null };
  const found = await findSessionByToken(database, token);
  if (!found) return { viewer: null };
  const { session, user } = found;
  if (new Date(session.expiresAt).getTime() <= now.getTime()) {
    await deleteSession(database, user.id, session.id);
    return { viewer: null };
  }

  const memberships = found.memberships.filter((m) => isRole(m.role));
  const current = actingMembership(memberships, session.activePracticeId);
  if (!current) {
    await deleteSession(database, user.id, session.id);
    return { viewer: null, ended: 'no-active-membership' };
  }
  const role = current.role as Role;

  const lastActive = new Date(session.lastActiveAt ?? session.createdAt);
  const idleMinutes = STAFF_ROLES.includes(role) ? rules.idleMinutesStaff : rules.idleMinutesMember;
  if (now.getTime() - lastActive.getTime() > idleMinutes * 60_000) {
    await deleteSession(database, user.id, session.id);
    return { viewer: null, ended: 'idle' };
  }
  if (now.getTime() - lastActive.getTime() > TOUCH_INTERVAL_MS) await touchSession(database, session.id, now);

  return {
    viewer: {
      userId: user.id,
      name: user.name,
      email: user.email,
      sessionId: session.id,
      practiceId: current.practiceId,
      practiceName: current.practiceName,
      role,
      practices: memberships.map((m) => ({ id: m.practiceId, name: m.practiceName, role: m.role as Role })),
      twoFactorEnabled: user.twoFactorEnabled,
      mustEnrolTwoFactor: TWO_FACTOR_ROLES.includes(role) && !user.twoFactorEnabled,
      locale: user.locale,
      practiceDefaultLocale: current.practiceDefaultLocale,
      practiceCountry: current.practiceCountry,
      timeZone: user.timeZone,
    },
  };
}

/** The language a signed-in person reads: their choice, else their practice's, else their browser's. */
export function viewerLocale(viewer: Viewer, acceptLanguage: string | undefined): Locale {
  return chooseLocale({ saved: viewer.locale, practiceDefault: viewer.practiceDefaultLocale, acceptLanguage });
}

/** The viewer of a route whose policy needs a session (authentication already ran). */
export function requireViewer(request: FastifyRequest): Viewer {
  if (!request.viewer) throw new HttpProblem(401, 'problem.signInFirst');
  return request.viewer;
}
