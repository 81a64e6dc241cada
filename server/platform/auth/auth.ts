import type { Translator } from '../i18n.js';
import { recipientTranslator } from '../mail/recipient-language.js';
import crypto from 'node:crypto';
import { betterAuth } from 'better-auth';
import { organization, twoFactor } from 'better-auth/plugins';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/connect.js';
import { PasswordLimit } from '../../../domain/limits.js';
import { tokenHash } from '../crypto/token-hash.js';
import { deriveKey, type SecretKeys } from '../secret-key.js';
import { hashPassword, verifyPassword } from './password-hasher.js';
import type { Mailer, OutgoingMail } from '../mail/mailer.js';

/** How long a password reset link works. */
export const PASSWORD_RESET_MINUTES = 60;

/** The name of the session cookie; the WebSocket upgrade reads the same one. */
export const COOKIE_PREFIX = 'hearth';

/**
 * The header that carries the client's address to better-auth: Fastify's `request.ip`, which
 * follows X-Forwarded-For only when HEARTH_TRUST_PROXY is on. Set by `toFetchHeaders` over
 * anything the client sent under the same name.
 */
export const CLIENT_ADDRESS_HEADER = 'x-hearth-client-address';

export interface AuthOptions {
  database: Database;
  keys: SecretKeys;
  publicUrl: string;
  logger: FastifyBaseLogger;
  /** Absolute session lifetime; activity never extends it (PRODUCT.md §3.1: 12 hours). */
  sessionHours: number;
  mailer: Mailer;
}

/**
 * Identity is better-auth's (docs/decisions/0003): accounts, password sign-in, sessions and the
 * organization plugin (an organization is a practice). Hearth calls it through `auth.api` from its
 * own routes instead of mounting its router, so every request keeps Hearth's one pipeline.
 */
export function createAuth({ database, keys, publicUrl, logger, sessionHours, mailer }: AuthOptions) {
  return betterAuth({
    appName: 'Hearth',
    baseURL: publicUrl,
    ...authSecrets(keys),
    database: { db: database.db, type: database.engine },
    telemetry: { enabled: false },
    // Sign-in is rate-limited by Hearth's own routes (platform/rate-limits).
    rateLimit: { enabled: false },
    logger: {
      level: 'warn',
      log: (level, message) => logger[level]({ component: 'auth' }, message),
    },
    emailAndPassword: {
      enabled: true,
      // Accounts come from first-run setup and (later) invitations, never from open sign-up.
      disableSignUp: true,
      minPasswordLength: PasswordLimit.min,
      maxPasswordLength: PasswordLimit.max,
      password: {
        hash: hashPassword,
        verify: ({ hash, password }) => verifyPassword(hash, password),
      },
      resetPasswordTokenExpiresIn: PASSWORD_RESET_MINUTES * 60,
      revokeSessionsOnPasswordReset: true,
      // Not awaited: the answer must take as long whether or not the address has an account.
      sendResetPassword: async ({ user, token }, request) => {
        recipientTranslator(database.db, {
          email: user.email,
          practiceId: null,
          acceptLanguage: request?.headers.get('accept-language') ?? undefined,
        })
          .then((t) => mailer.send(passwordResetMail(t, publicUrl, user.email, user.name, token)))
          .catch((error: unknown) => {
            logger.error({ err: error }, 'password reset e-mail could not be sent');
          });
      },
    },
    user: { modelName: 'users' },
    session: {
      modelName: 'sessions',
      expiresIn: sessionHours * 60 * 60,
      disableSessionRefresh: true,
      // Kept by Hearth for the inactivity timeout (platform/auth/viewer.ts).
      additionalFields: { lastActiveAt: { type: 'date', required: false, input: false } },
    },
    databaseHooks: {
      session: {
        create: {
          // Every new session, however made (sign-in, second step, enrolment): the configured
          // absolute lifetime, where better-auth gives a session whose cookie ends with the browser
          // a fixed 24 hours; and the address Hearth trusts, where better-auth would read
          // X-Forwarded-For, which any client can send.
          before: async (session, context) => ({
            data: {
              ...session,
              expiresAt: new Date(new Date(session.createdAt).getTime() + sessionHours * 60 * 60 * 1000),
              ipAddress: context?.headers?.get(CLIENT_ADDRESS_HEADER) ?? null,
            },
          }),
        },
      },
    },
    account: { modelName: 'accounts' },
    // Reset links and pending second steps are bearer secrets: only their SHA-256 is stored, so
    // a copy of the database opens nothing (tokenHash, as for invitations and calendar feeds).
    verification: { modelName: 'verifications', storeIdentifier: { hash: async (id) => tokenHash(id) } },
    advanced: {
      cookiePrefix: COOKIE_PREFIX,
      useSecureCookies: publicUrl.startsWith('https://'),
      // The session hook above records the address; better-auth reads none itself.
      ipAddress: { disableIpTracking: true },
      database: { generateId: () => crypto.randomUUID() },
    },
    plugins: [
      twoFactor({
        issuer: 'Hearth',
        schema: { twoFactor: { modelName: 'twoFactors' } },
        // Ten single-use recovery codes, shown once at enrolment.
        backupCodeOptions: { amount: 10, length: 10 },
      }),
      organization({
        schema: {
          organization: { modelName: 'practices' },
          member: { modelName: 'practiceMembers', fields: { organizationId: 'practiceId' } },
          invitation: { modelName: 'practiceInvitations', fields: { organizationId: 'practiceId' } },
          session: { fields: { activeOrganizationId: 'activePracticeId' } },
        },
      }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

/** A stable number for a root key, as better-auth names the key of each value it encrypts. */
function keyVersion(secret: string): number {
  return crypto.createHmac('sha256', secret).update('hearth key version').digest().readUInt32BE(0) >>> 4;
}

/**
 * better-auth's keys, derived from the root secret: the first signs sessions and seals new
 * two-step secrets and recovery codes, each sealed value naming its key's version; during a key
 * rotation the previous one still opens what it sealed. `secret` opens values sealed before
 * versions were named (by the previous key during a rotation, else by the current one).
 */
export function authSecrets(keys: SecretKeys) {
  const derived = (secret: string) => deriveKey(secret, 'sessions').toString('base64url');
  return {
    secrets: [keys.current, ...(keys.previous ? [keys.previous] : [])].map((secret) => ({
      version: keyVersion(secret),
      value: derived(secret),
    })),
    secret: derived(keys.previous ?? keys.current),
  };
}

/** The same keys as better-auth holds them, for re-sealing its values during a key rotation. */
export function authSecretConfig(keys: SecretKeys) {
  const { secrets, secret } = authSecrets(keys);
  return {
    keys: new Map(secrets.map((s) => [s.version, s.value])),
    currentVersion: secrets[0]!.version,
    legacySecret: secret,
  };
}

/** The reset e-mail, in the person's language. The token travels after '#', so it never reaches a server log. */
function passwordResetMail(t: Translator, publicUrl: string, email: string, name: string, token: string): OutgoingMail {
  return {
    to: email,
    // Only the recipient may read this: never shown in a practice's outbox.
    practiceId: null,
    linkExpiresAt: new Date(Date.now() + PASSWORD_RESET_MINUTES * 60_000).toISOString(),
    subject: t.t('mail.passwordReset.subject'),
    text: [
      t.t('mail.greeting', { name }),
      '',
      t.t('mail.passwordReset.body', { link: `${publicUrl}/reset-password#${token}`, minutes: PASSWORD_RESET_MINUTES }),
    ].join('\n'),
  };
}
