import path from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

/**
 * Every environment variable Hearth reads, parsed once at start-up.
 * docs/operations.md lists the same variables; keep the two in step.
 */
const EnvSchema = z.object({
  PORT: port.default(3000).describe('a TCP port from 0 to 65535'),
  HOST: z.string().min(1).default('localhost'),
  HEARTH_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, message: 'expected a postgres:// or postgresql:// URL' })
    .optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/, message: 'expected a redis:// or rediss:// URL' }).optional(),
  HEARTH_PUBLIC_URL: z.url({ protocol: /^https?$/, message: 'expected an http:// or https:// URL' }).optional(),
  HEARTH_SECRET_KEY: z.string().min(32, 'expected at least 32 characters of random text').optional(),
  HEARTH_SECRET_KEY_FILE: z.string().min(1).optional(),
  HEARTH_PREVIOUS_SECRET_KEY: z.string().min(32, 'expected at least 32 characters of random text').optional(),
  HEARTH_TRUST_PROXY: flag.default(false),
  HEARTH_IDLE_MINUTES_STAFF: z.coerce.number().int().min(1).max(720).default(15),
  HEARTH_IDLE_MINUTES_MEMBER: z.coerce.number().int().min(1).max(720).default(30),
  HEARTH_SESSION_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  HEARTH_SMTP_URL: z.url({ protocol: /^smtps?$/, message: 'expected an smtp:// or smtps:// URL' }).optional(),
  HEARTH_MAIL_FROM: z.string().min(3).default('Hearth <no-reply@localhost>'),
  HEARTH_JOB_POLL_SECONDS: z.coerce.number().int().min(1).max(300).default(15),
  // Video through Janus (docs/video.md); without JANUS_URL video is off.
  JANUS_URL: z.url({ protocol: /^wss?$/, message: 'expected a ws:// or wss:// URL' }).optional(),
  JANUS_PUBLIC_URL: z.url({ protocol: /^wss?$/, message: 'expected a ws:// or wss:// URL' }).optional(),
  JANUS_API_SECRET: z.string().min(16, 'expected at least 16 characters of random text').optional(),
  JANUS_ADMIN_URL: z.url({ protocol: /^wss?$/, message: 'expected a ws:// or wss:// URL' }).optional(),
  JANUS_ADMIN_SECRET: z.string().min(16, 'expected at least 16 characters of random text').optional(),
  JANUS_ROOM_ADMIN_KEY: z.string().min(16, 'expected at least 16 characters of random text').optional(),
  TURN_URLS: z
    .string()
    .regex(/^turns?:[^\s,]+(,turns?:[^\s,]+)*$/, 'expected turn: or turns: URLs, separated by commas')
    .optional(),
  TURN_SECRET: z.string().min(16, 'expected at least 16 characters of random text').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.input<typeof EnvSchema>;

export interface Config {
  port: number;
  host: string;
  /** Absolute path of the folder that holds the SQLite file, the key file and (later) the mail outbox. */
  dataDir: string;
  /** Set when Hearth runs on PostgreSQL; otherwise the embedded SQLite file under dataDir. */
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  /** The address people use to reach Hearth; https here turns on Secure cookies. */
  publicUrl: string;
  /** Explicit secret; when absent Hearth keeps one in a key file (see platform/secret-key). */
  secretKey: string | undefined;
  /** Absolute path of that key file: HEARTH_SECRET_KEY_FILE, or secret.key in the data folder. */
  secretKeyFile: string;
  /** The key being replaced, during a key rotation (HEARTH_PREVIOUS_SECRET_KEY; see `hearth rotate-key`). */
  previousSecretKey: string | undefined;
  trustProxy: boolean;
  /** Minutes without a request before a session ends: clinical and admin roles, then members. */
  idleMinutesStaff: number;
  idleMinutesMember: number;
  /** Hours a session lasts at most, however active. */
  sessionHours: number;
  /** Where e-mail goes; unset writes it to the outbox folder in the data directory. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** How often the job worker looks for due reminders and notices. */
  jobPollSeconds: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  /** Janus for the live room's video (docs/video.md); undefined: video is off. */
  video: VideoConfig | undefined;
}

export interface VideoConfig {
  /** Where Hearth's server reaches the Janus API (WebSocket). */
  janusUrl: string;
  /** Where browsers reach it (defaults to janusUrl). */
  publicUrl: string;
  apiSecret: string;
  adminUrl: string;
  adminSecret: string;
  /** The videoroom plugin's admin_key: only Hearth creates rooms. */
  roomAdminKey: string;
  /** TURN servers for members behind strict networks, with coturn's REST-API shared secret. */
  turn: { urls: string[]; secret: string } | undefined;
}

/** A configuration problem that stops start-up; its message names each variable and what it expects. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment into a Config, or throws a ConfigError naming every wrong variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, as in most shells' `VAR= command`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `  ${name}=${JSON.stringify(cleaned[name] ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(`Hearth cannot start: the environment has values it cannot use.\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.HEARTH_SECRET_KEY && e.HEARTH_SECRET_KEY_FILE) {
    throw new ConfigError(
      'Hearth cannot start: set HEARTH_SECRET_KEY or HEARTH_SECRET_KEY_FILE, not both, so there is one key.',
    );
  }
  if (e.DATABASE_URL && !e.HEARTH_SECRET_KEY && !e.HEARTH_SECRET_KEY_FILE) {
    throw new ConfigError(
      'Hearth cannot start: HEARTH_SECRET_KEY (or HEARTH_SECRET_KEY_FILE) is required when DATABASE_URL is set, ' +
        'so that every instance signs sessions with the same key (at least 32 random characters).',
    );
  }
  let video: VideoConfig | undefined;
  if (e.JANUS_URL) {
    const missing = (
      ['JANUS_API_SECRET', 'JANUS_ADMIN_URL', 'JANUS_ADMIN_SECRET', 'JANUS_ROOM_ADMIN_KEY'] as const
    ).filter((name) => !e[name]);
    if (missing.length)
      throw new ConfigError(
        `Hearth cannot start: JANUS_URL is set, so video needs ${missing.join(', ')} too (docs/video.md).`,
      );
    if (!!e.TURN_URLS !== !!e.TURN_SECRET)
      throw new ConfigError('Hearth cannot start: set TURN_URLS and TURN_SECRET together (docs/video.md).');
    video = {
      janusUrl: e.JANUS_URL,
      publicUrl: e.JANUS_PUBLIC_URL ?? e.JANUS_URL,
      apiSecret: e.JANUS_API_SECRET!,
      adminUrl: e.JANUS_ADMIN_URL!,
      adminSecret: e.JANUS_ADMIN_SECRET!,
      roomAdminKey: e.JANUS_ROOM_ADMIN_KEY!,
      turn: e.TURN_URLS && e.TURN_SECRET ? { urls: e.TURN_URLS.split(','), secret: e.TURN_SECRET } : undefined,
    };
  }
  const dataDir = path.resolve(e.HEARTH_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    publicUrl: (e.HEARTH_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    secretKey: e.HEARTH_SECRET_KEY,
    secretKeyFile: path.resolve(e.HEARTH_SECRET_KEY_FILE ?? path.join(dataDir, 'secret.key')),
    previousSecretKey: e.HEARTH_PREVIOUS_SECRET_KEY,
    trustProxy: e.HEARTH_TRUST_PROXY,
    idleMinutesStaff: e.HEARTH_IDLE_MINUTES_STAFF,
    idleMinutesMember: e.HEARTH_IDLE_MINUTES_MEMBER,
    sessionHours: e.HEARTH_SESSION_HOURS,
    smtpUrl: e.HEARTH_SMTP_URL,
    mailFrom: e.HEARTH_MAIL_FROM,
    jobPollSeconds: e.HEARTH_JOB_POLL_SECONDS,
    logLevel: e.LOG_LEVEL,
    video,
  };
}
