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
  send(mail: OutgoingMail): Promise<void>;
  /** The outbox's messages about one practice, newest first (empty in SMTP mode). */
  outbox(practiceId: string): Promise<OutboxMessage[]>;
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
    for (const name of names
      .filter((n) => n.endsWith('.json'))
      .sort()
      .reverse()) {
      const message = JSON.parse(await fs.promises.readFile(path.join(this.folder, name), 'utf8')) as OutboxMessage;
      if (message.practiceId === practiceId) messages.push(message);
      if (messages.length >= 100) break;
    }
    return messages;
  }
}

/** SMTP when HEARTH_SMTP_URL is set; otherwise the outbox folder in the data directory. */
export function createMailer(options: { smtpUrl: string | undefined; from: string; dataDir: string }): Mailer {
  return options.smtpUrl
    ? new SmtpMailer(options.smtpUrl, options.from)
    : new OutboxMailer(path.join(options.dataDir, 'outbox'), options.from);
}
