/** Audit actions in plain words, for the admin's log and a person's own access history. */
export const AUDIT_ACTION_WORDS: Record<string, string> = {
  'setup.completed': 'Set up the practice',
  'auth.signed_in': 'Signed in',
  'auth.sign_in_failed': 'Sign-in failed',
  'auth.signed_out': 'Signed out',
  'auth.session_ended': 'Ended a session',
  'auth.session_expired': 'Session expired',
  'auth.two_factor_enabled': 'Turned on two-step sign-in',
  'auth.two_factor_verified': 'Passed two-step sign-in',
  'auth.two_factor_failed': 'Two-step code did not work',
  'auth.password_reset_requested': 'Asked for a password reset',
  'auth.password_reset': 'Reset the password',
  'people.invited': 'Invited someone',
  'people.invitation_accepted': 'Accepted an invitation',
  'people.invitation_revoked': 'Withdrew an invitation',
  'people.role_changed': 'Changed a role',
  'people.disabled': 'Disabled an account',
  'people.enabled': 'Enabled an account',
  'practice.switched': 'Switched practice',
  'groups.created': 'Created a group',
  'groups.updated': 'Changed a group',
  'groups.agreement_revised': 'Revised a group agreement',
  'audit.viewed': 'Looked at the audit log',
  'audit.exported': 'Downloaded the audit log',
};

export const auditWords = (action: string) => AUDIT_ACTION_WORDS[action] ?? action;
