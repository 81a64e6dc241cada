import { ADMIN_ROLES, GROUP_LEAD_ROLES, ROLES, STAFF_ROLES, type Role } from '../../domain/roles.js';

/**
 * Who may reach a route, declared on every /api route (`config: { policy }`). The app enforces the
 * session and role parts before validation; the route then checks the concrete object (this
 * person, this invitation) against the viewer, always within the viewer's practice, and answers
 * 404 for an object it may not see, exactly as for one that does not exist.
 */
export interface Policy {
  /** A short name, shown by the authorisation matrix. */
  readonly name: string;
  /** False: no session needed. */
  readonly signedIn: boolean;
  /** Roles in the viewer's current practice that may call the route. */
  readonly roles: readonly Role[];
  /** Open while a required two-factor enrolment is still pending (enrolment itself, sign-out). */
  readonly beforeTwoFactor?: boolean;
}

export const policies = {
  /** Anyone, signed in or not. */
  public: { name: 'public', signedIn: false, roles: [] },
  /** Anyone signed in, even before finishing two-factor enrolment: their own session and enrolment. */
  ownSession: { name: 'own session', signedIn: true, roles: ROLES, beforeTwoFactor: true },
  /** Anyone signed in to a practice, acting on their own account or their practice's public facts. */
  signedIn: { name: 'signed in', signedIn: true, roles: ROLES },
  /** The practice's members (the people in its groups), acting on their own data. */
  members: { name: 'members', signedIn: true, roles: ['member'] },
  /** The practice's owner and admins. */
  practiceAdmin: { name: 'practice admin', signedIn: true, roles: ADMIN_ROLES },
  /** Everyone who works in the practice: owner, admins, clinicians, supervisors. */
  staff: { name: 'staff', signedIn: true, roles: STAFF_ROLES },
  /** Those who run groups: owner, admins, clinicians. */
  groupLeads: { name: 'group leads', signedIn: true, roles: GROUP_LEAD_ROLES },
} as const satisfies Record<string, Policy>;

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: Policy;
  }
}
