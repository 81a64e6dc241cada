import crypto from 'node:crypto';

/**
 * The SHA-256 of a link's secret, as stored: invitation, calendar-feed, password-reset and
 * pending-sign-in secrets are never kept themselves, so a copy of the database opens nothing.
 */
export function tokenHash(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}
