/**
 * Limits written once and shared by the server's validation and the web app's forms.
 * Each has a reason; change them here and both sides follow.
 */

/** A practice name must be short enough to sit in a page heading on a phone. */
export const PracticeNameLimit = { min: 2, max: 120 } as const;

/** A person's name as they want it shown to colleagues; long enough for any real name. */
export const PersonNameLimit = { min: 1, max: 120 } as const;

/** RFC 5321 caps a forward path at 254 characters. */
export const EmailLimit = { max: 254 } as const;

/**
 * Passwords: at least 12 characters (NIST SP 800-63B favours length over composition rules);
 * the upper bound only stops denial-of-service through very long inputs to the hasher.
 */
export const PasswordLimit = { min: 12, max: 128 } as const;

/** Largest JSON body any route accepts. Nothing in Hearth needs more; uploads will use their own limit. */
export const BodyLimitBytes = 1024 * 1024;

/**
 * What was done about an alert: room to write up a risk call (who was reached, what they said, the
 * risk judged, the plan agreed, who else was told), a page or two, not a short note.
 */
export const AlertOutcomeLimit = { min: 1, max: 5000 } as const;
