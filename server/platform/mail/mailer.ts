import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
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

/** A message kept in the outbox folder. */
export interface OutboxMessage extends OutgoingMail {
  id: string;
  from: string;
  createdAt: string;
}

export interface Mailer {
  /** 'smtp' sends through HEARTH_SMTP_URL; 'outbox' writes to the data folder instead. */
  readonly mode: 'smtp' | 'outbox';
  send(mail: OutgoingMail): Promise<void>;
  /** The outbox's messages about one practice, newest first (empty in SMTP mode). */
  outbox(practiceId: string): Promise<OutboxMessage[]>;
  /**
   * Removes expired links from the outbox's files and deletes files older than
   * OUTBOX_RETENTION_DAYS (nothing in SMTP mode). The `outbox.sweep` job runs it hourly.
   */
  sweep(now: Date): Promise<void>;
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

  async send(mail: OutgoingMail): Promise<void> {
    await this.#transport.sendMail({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text });
  }

  async outbox(): Promise<OutboxMessage[]> {
    return [];
  }

  async sweep(): Promise<void> {}
}

/**
 * Without SMTP (the embedded default), mail is written as one JSON file per message to an outbox
 * folder, mode 0600, so that invitations work end to end and admins can pass links on by hand.
 */
class OutboxMailer implements Mailer {
  readonly mode = 'outbox' as const;

  constructor(
    private readonly folder: string,
    private readonly from: string,
  ) {}

  async send(mail: OutgoingMail): Promise<void> {
    await fs.promises.mkdir(this.folder, { recursive: true, mode: 0o700 });
    const message: OutboxMessage = {
      ...mail,
      id: crypto.randomUUID(),
      from: this.from,
      createdAt: new Date().toISOString(),
    };
    const name = `${message.createdAt.replace(/[:.]/g, '-')}-${message.id}.json`;
    await fs.promises.writeFile(path.join(this.folder, name), JSON.stringify(message, null, 2), { mode: 0o600 });
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
      .filter((n) => n.endsWith('.json'))
      .sort()
      .reverse()) {
      const message = JSON.parse(await fs.promises.readFile(path.join(this.folder, name), 'utf8')) as OutboxMessage;
      // Never shown expired, even before the hourly sweep has rewritten the file.
      if (message.practiceId === practiceId) messages.push(withoutExpiredLinks(message, now));
      if (messages.length >= 100) break;
    }
    return messages;
  }

  async sweep(now: Date): Promise<void> {
    let names: string[];
    try {
      names = (await fs.promises.readdir(this.folder)).filter((n) => n.endsWith('.json'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const keepFrom = now.getTime() - OUTBOX_RETENTION_DAYS * 86_400_000;
    for (const name of names) {
      const file = path.join(this.folder, name);
      let message: OutboxMessage;
      try {
        message = JSON.parse(await fs.promises.readFile(file, 'utf8')) as OutboxMessage;
      } catch {
        continue; // Unreadable (half-written, say): the sweep never fails over one file.
      }
      if (Date.parse(message.createdAt) < keepFrom) {
        await fs.promises.rm(file, { force: true });
        continue;
      }
      const redacted = withoutExpiredLinks(message, now);
      if (redacted.text === message.text) continue;
      // Rewritten whole (temporary file, then rename), so a crash leaves the old file or the new one.
      const temporary = `${file}.tmp`;
      await fs.promises.writeFile(temporary, JSON.stringify(redacted, null, 2), { mode: 0o600 });
      await fs.promises.rename(temporary, file);
    }
  }
}

/** SMTP when HEARTH_SMTP_URL is set; otherwise the outbox folder in the data directory. */
export function createMailer(options: { smtpUrl: string | undefined; from: string; dataDir: string }): Mailer {
  return options.smtpUrl
    ? new SmtpMailer(options.smtpUrl, options.from)
    : new OutboxMailer(path.join(options.dataDir, 'outbox'), options.from);
}
