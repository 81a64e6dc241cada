import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';

/** An e-mail Hearth sends. Plain text: it reads well everywhere, screen readers included. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /**
   * The practice it concerns, so its admins can read it in the outbox. Null for mail only the
   * recipient should ever read (password resets): it is never shown in the app.
   */
  practiceId: string | null;
  /**
   * When the secret link in this message stops working (an invitation's or a reset's expiry).
   * Hearth's secrets travel after '#'; the outbox removes such links from then on.
   */
  linkExpiresAt?: string;
}

/** How long the outbox folder keeps a message before deleting it. */
export const OUTBOX_RETENTION_DAYS = 30;

/**
 * Which message this is, the same on every attempt to send it (a job's id and creation time), so
 * that a retry after a crash does not make a second message.
 */
export interface Delivery {
  id: string;
  createdAt: string;
}

/** A message kept in the outbox folder. */
export interface OutboxMessage extends OutgoingMail {
  id: string;
  from: string;
  createdAt: string;
}

export interface Mailer {
  /** 'smtp' sends through HEARTH_SMTP_URL; 'outbox' writes to the data folder instead. */
  readonly mode: 'smtp' | 'outbox';
  /** Sends once per delivery: the outbox keeps one file for it, SMTP gives it one Message-ID. */
  send(mail: OutgoingMail, delivery?: Delivery): Promise<void>;
  /** The outbox's messages about one practice, newest first (empty in SMTP mode). */
  outbox(practiceId: string): Promise<OutboxMessage[]>;
  /**
   * Removes expired links from the outbox's files and deletes files older than their practice's
   * retention (`keepDays`; OUTBOX_RETENTION_DAYS when not given, and for mail of no practice).
   * Nothing in SMTP mode. The hourly `outbox.sweep` and the daily `retention.apply` jobs run it. Returns the files deleted, by
   * practice ('' for mail of no practice).
   */
  sweep(now: Date, keepDays?: (practiceId: string) => number): Promise<Map<string, number>>;
}

/** Where a link's secret starts: Hearth puts it after '#', so it never reaches a server log. */
const SECRET_LINK = /\bhttps?:\/\/[^\s#]+#\S+/g;

/** The message with its secret links removed once they have expired; unchanged before. */
export function withoutExpiredLinks(message: OutboxMessage, now: Date): OutboxMessage {
  if (!message.linkExpiresAt || Date.parse(message.linkExpiresAt) > now.getTime()) return message;
  return { ...message, text: message.text.replace(SECRET_LINK, '(link removed: it has expired)') };
}

/** Sends through SMTP with nodemailer. */
class SmtpMailer implements Mailer {
  readonly mode = 'smtp' as const;
  readonly #transport: nodemailer.Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.#transport = nodemailer.createTransport(url);
  }

  async send(mail: OutgoingMail, delivery?: Delivery): Promise<void> {
    await this.#transport.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      // SMTP cannot promise once: a crash between sending and marking the job done sends again.
      // The same Message-ID lets mail servers and clients recognise the repeat.
      ...(delivery && { messageId: `<${delivery.id}@${/@([^>\s]+)/.exec(this.from)?.[1] ?? 'hearth.invalid'}>` }),
    });
  }

  async outbox(): Promise<OutboxMessage[]> {
    return [];
  }

  async sweep(): Promise<Map<string, number>> {
    return new Map();
  }
}

/**
 * Without SMTP (the embedded default), mail is written as one JSON file per message to an outbox
 * folder, mode 0600, so that invitations work end to end and admins can pass links on by hand.
 * A file appears whole or not at all (written aside, then renamed), and is named by its delivery,
 * so a retry finds it and writes no second one.
 */
class OutboxMailer implements Mailer {
  readonly mode = 'outbox' as const;

  constructor(
    private readonly folder: string,
    private readonly from: string,
    private readonly log: Pick<FastifyBaseLogger, 'warn'> | undefined,
  ) {}

  async send(mail: OutgoingMail, delivery?: Delivery): Promise<void> {
    await fs.promises.mkdir(this.folder, { recursive: true, mode: 0o700 });
    const { id, createdAt } = delivery ?? { id: crypto.randomUUID(), createdAt: new Date().toISOString() };
    const message: OutboxMessage = { ...mail, id, from: this.from, createdAt };
    const name = `${createdAt.replace(/[:.]/g, '-')}-${id}.json`;
    const file = path.join(this.folder, name);
    if (fs.existsSync(file)) return;
    await this.#writeWhole(name, message);
  }

  /** Writes a message file whole or not at all: aside under a dot-name the outbox never reads, then renamed. */
  async #writeWhole(name: string, message: OutboxMessage): Promise<void> {
    const aside = path.join(this.folder, `.${name}.${crypto.randomUUID()}.tmp`);
    const handle = await fs.promises.open(aside, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify(message, null, 2));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(aside, path.join(this.folder, name));
  }

  async outbox(practiceId: string): Promise<OutboxMessage[]> {
    let names: string[];
    try {
      names = await fs.promises.readdir(this.folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const messages: OutboxMessage[] = [];
    const now = new Date();
    for (const name of names
      .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
      .sort()
      .reverse()) {
      let message: OutboxMessage;
      try {
        message = JSON.parse(await fs.promises.readFile(path.join(this.folder, name), 'utf8')) as OutboxMessage;
      } catch (error) {
        // One damaged file (an older Hearth could leave an empty one after a crash) must not hide the rest.
        this.log?.warn({ file: name, err: error }, 'outbox: skipped a file that is not a readable message');
        continue;
      }
      // Never shown expired, even before the hourly sweep has rewritten the file.
      if (message.practiceId === practiceId) messages.push(withoutExpiredLinks(message, now));
      if (messages.length >= 100) break;
    }
    return messages;
  }

  async sweep(now: Date, keepDays?: (practiceId: string) => number): Promise<Map<string, number>> {
    const deleted = new Map<string, number>();
    let names: string[];
    try {
      names = (await fs.promises.readdir(this.folder)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return deleted;
      throw error;
    }
    for (const name of names) {
      const file = path.join(this.folder, name);
      let message: OutboxMessage;
      try {
        message = JSON.parse(await fs.promises.readFile(file, 'utf8')) as OutboxMessage;
      } catch {
        continue; // Unreadable (half-written, say): the sweep never fails over one file.
      }
      const practice = message.practiceId ?? '';
      const days = (practice && keepDays?.(practice)) || OUTBOX_RETENTION_DAYS;
      if (Date.parse(message.createdAt) < now.getTime() - days * 86_400_000) {
        await fs.promises.rm(file, { force: true });
        deleted.set(practice, (deleted.get(practice) ?? 0) + 1);
        continue;
      }
      const redacted = withoutExpiredLinks(message, now);
      if (redacted.text === message.text) continue;
      // Rewritten whole, so a crash leaves the old file or the new one.
      await this.#writeWhole(name, redacted);
    }
    return deleted;
  }
}

/** SMTP when HEARTH_SMTP_URL is set; otherwise the outbox folder in the data directory. */
export function createMailer(options: {
  smtpUrl: string | undefined;
  from: string;
  dataDir: string;
  log?: Pick<FastifyBaseLogger, 'warn'>;
}): Mailer {
  return options.smtpUrl
    ? new SmtpMailer(options.smtpUrl, options.from)
    : new OutboxMailer(path.join(options.dataDir, 'outbox'), options.from, options.log);
}
