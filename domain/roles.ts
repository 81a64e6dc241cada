/** The roles a person can hold in a practice (PRODUCT.md §1). */
export const ROLES = ['owner', 'admin', 'clinician', 'supervisor', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that see clinical data or run the practice: they must use two-factor sign-in (§3.1). */
export const TWO_FACTOR_ROLES: readonly Role[] = ['owner', 'admin', 'clinician', 'supervisor'];

/** Roles that manage people, settings and the audit log. */
export const ADMIN_ROLES: readonly Role[] = ['owner', 'admin'];

/** Roles that create groups and facilitate them. Supervisors read and co-sign; they do not run groups. */
export const GROUP_LEAD_ROLES: readonly Role[] = ['owner', 'admin', 'clinician'];

/** Roles that count as clinical staff for session timeouts (members get the longer one). */
export const STAFF_ROLES: readonly Role[] = ['owner', 'admin', 'clinician', 'supervisor'];

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Administrator',
  clinician: 'Clinician',
  supervisor: 'Supervisor',
  member: 'Member',
};

/** A role as it reads in a sentence: "the owner", "a clinician", "an administrator". */
export function roleInSentence(role: Role): string {
  if (role === 'owner') return 'the owner';
  if (role === 'admin') return 'an administrator';
  return `a ${role}`;
}

export function isRole(value: string | null | undefined): value is Role {
  return (ROLES as readonly string[]).includes(value ?? '');
}

/**
 * Which roles a person may give others: an owner any role; an admin any role but owner; a
 * clinician only member (by referring someone to a group). Nobody else grants roles.
 */
export function grantableRoles(granter: Role): readonly Role[] {
  if (granter === 'owner') return ROLES;
  if (granter === 'admin') return ROLES.filter((r) => r !== 'owner');
  // A clinician brings the people they refer to a group into the practice as members.
  if (granter === 'clinician') return ['member'];
  return [];
}

/** Whether `actor` may change or disable the membership of someone who holds `target`. */
export function canManage(actor: Role, target: Role): boolean {
  if (actor === 'owner') return true;
  return actor === 'admin' && target !== 'owner';
}
