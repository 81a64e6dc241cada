import { useQuery } from '@tanstack/react-query';
import type { Locale } from '../../domain/locale.js';
import type { Role } from '../../domain/roles.js';
import { api, ApiError } from './client.js';
import { forgetOfflinePlan } from './self-care.js';

export interface PracticeRef {
  id: string;
  name: string;
  role: Role;
}

export interface Viewer {
  user: { id: string; name: string; email: string; twoFactorEnabled: boolean };
  practice: PracticeRef;
  practices: PracticeRef[];
  mustEnrolTwoFactor: boolean;
  /** The language they saved on their account; null: not chosen, the practice's default applies. */
  locale: Locale | null;
  practiceDefaultLocale: Locale;
  /** The practice's country, where crisis lines start (domain/crisis-resources.ts). */
  practiceCountry: string;
  /** The IANA zone their browser last reported; null until it has. */
  timeZone: string | null;
}

export type SignInResult = { status: 'signed-in'; viewer: Viewer } | { status: 'second-factor-needed' };

/** Problem type of a 403 that means "set up two-step sign-in first" (server/platform/problem.ts). */
export const TWO_FACTOR_REQUIRED = '/problems/two-factor-enrolment-required';
/** Problem type of a 401 for a session ended by inactivity. */
export const SESSION_IDLE = '/problems/session-ended-after-inactivity';
/** Problem type of a 401 for a person whose access was turned off. */
export const ACCESS_ENDED = '/problems/access-ended';
/** Problem types whose words the sign-in page repeats, so the person knows why they are there. */
export const EXPLAINED_SIGN_OUTS = [SESSION_IDLE, ACCESS_ENDED];

export const queryKeys = {
  setup: ['setup'] as const,
  session: ['session'] as const,
  sessions: ['me', 'sessions'] as const,
  accessHistory: ['me', 'access-history'] as const,
  people: ['people'] as const,
  outbox: ['outbox'] as const,
  audit: (filters: Record<string, string>) => ['audit', filters] as const,
};

/** Whether first-run setup is still needed. */
export function useSetupStatus() {
  return useQuery({ queryKey: queryKeys.setup, queryFn: () => api<{ needed: boolean }>('/api/setup') });
}

/** The signed-in person, or null when nobody is signed in. */
export function useViewer() {
  return useQuery({
    queryKey: queryKeys.session,
    queryFn: async () => {
      try {
        return await api<Viewer>('/api/session');
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          // Nobody is signed in on this phone now: a safety plan kept for use offline was someone
          // else's, or the session that kept it has ended (docs/safety-plan.md, "Offline").
          await forgetOfflinePlan();
          if (error.type && EXPLAINED_SIGN_OUTS.includes(error.type)) rememberSignOutReason(error.message);
          return null;
        }
        throw error;
      }
    },
  });
}

/** Whether a role manages the practice (people, audit log). */
export const isAdmin = (role: Role | undefined) => role === 'owner' || role === 'admin';

let signOutReason: string | null = null;

/** Keeps why a session ended (inactivity, say), to tell the person on the sign-in page. */
export function rememberSignOutReason(reason: string): void {
  signOutReason = reason;
}

/** The remembered reason, once. */
export function takeSignOutReason(): string | undefined {
  const reason = signOutReason ?? undefined;
  signOutReason = null;
  return reason;
}
