import type { FastifyRequest } from 'fastify';
import { isRole, STAFF_ROLES, TWO_FACTOR_ROLES, type Role } from '../../../domain/roles.js';
import type { Database } from '../../db/connect.js';
import { toInstant } from '../../db/instant.js';
import type { Locale } from '../../../domain/locale.js';
import { chooseLocale } from '../i18n.js';
import { HttpProblem } from '../problem.js';
import { CLIENT_ADDRESS_HEADER, type Auth } from './auth.js';
import { actingMembership, findActiveMemberships } from './membership.repository.js';
import { deleteSession, touchSession } from './session.repository.js';

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
 * Resolves the session cookie into a Viewer. A session idle for longer than the role allows, or
 * of a person with no practice they may still use, is ended here.
 */
export async function resolveViewer(
  auth: Auth,
  database: Database,
  rules: SessionRules,
  headers: Headers,
  now = new Date(),
): Promise<ViewerResult> {
  if (!headers.get('cookie')) return { viewer: null };
  const found = await auth.api.getSession({ headers, query: { disableCookieCache: true } });
  if (!found) return { viewer: null };
  const { session, user } = found;
  // better-auth names fields by their logical names: the organization plugin's column active_practice_id is `activeOrganizationId`.
  const extra = session as { activeOrganizationId?: string | null; lastActiveAt?: Date | string | null };

  const memberships = (await findActiveMemberships(database, user.id)).filter((m) => isRole(m.role));
  const current = actingMembership(memberships, extra.activeOrganizationId);
  if (!current) {
    await deleteSession(database, user.id, session.id);
    return { viewer: null, ended: 'no-active-membership' };
  }
  const role = current.role as Role;

  const lastActive = new Date(toInstant(extra.lastActiveAt ?? session.createdAt));
  const idleMinutes = STAFF_ROLES.includes(role) ? rules.idleMinutesStaff : rules.idleMinutesMember;
  if (now.getTime() - lastActive.getTime() > idleMinutes * 60_000) {
    await deleteSession(database, user.id, session.id);
    return { viewer: null, ended: 'idle' };
  }
  if (now.getTime() - lastActive.getTime() > TOUCH_INTERVAL_MS) await touchSession(database, session.id, now);

  const twoFactorEnabled = Boolean((user as { twoFactorEnabled?: boolean | null }).twoFactorEnabled);
  // Read with the user by better-auth's own lookup (additionalFields in auth.ts): no query of their own.
  const saved = user as { locale?: string | null; timeZone?: string | null };
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
      twoFactorEnabled,
      mustEnrolTwoFactor: TWO_FACTOR_ROLES.includes(role) && !twoFactorEnabled,
      locale: saved.locale ?? null,
      practiceDefaultLocale: current.practiceDefaultLocale,
      timeZone: saved.timeZone ?? null,
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
