import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createMailer, OUTBOX_RETENTION_DAYS } from './mailer.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('mail', () => {
  it('sends through a real SMTP server when HEARTH_SMTP_URL is set', async () => {
    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
        stream.on('end', () => {
          received.push(data);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { port } = server.server.address() as AddressInfo;

    const mailer = createMailer({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: 'Hearth <hearth@practice.test>',
      dataDir: '/nonexistent',
    });
    expect(mailer.mode).toBe('smtp');
    await mailer.send({ to: 'sam@practice.test', subject: 'You are invited', text: 'Hello Sam', practiceId: 'p' });
    expect(received).toHaveLength(1);
    expect(received[0]).toContain('Subject: You are invited');
    expect(received[0]).toContain('To: sam@practice.test');
    expect(received[0]).toContain('Hello Sam');
  });

  it('writes to the outbox folder without SMTP, and shows a practice only its own messages', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-mail-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const mailer = createMailer({ smtpUrl: undefined, from: 'Hearth <no-reply@localhost>', dataDir });
    expect(mailer.mode).toBe('outbox');
    expect(await mailer.outbox('a')).toEqual([]);
    await mailer.send({ to: 'one@a.test', subject: 'For A', text: 'a', practiceId: 'a' });
    await mailer.send({ to: 'two@b.test', subject: 'For B', text: 'b', practiceId: 'b' });
    await mailer.send({ to: 'three@a.test', subject: 'Reset', text: 'secret link', practiceId: null });
    const forA = await mailer.outbox('a');
    expect(forA.map((m) => m.subject)).toEqual(['For A']);
    const files = fs.readdirSync(path.join(dataDir, 'outbox'));
    expect(files).toHaveLength(3);
    expect(fs.statSync(path.join(dataDir, 'outbox', files[0]!)).mode & 0o777).toBe(0o600);
  });

  it('removes expired links from the outbox, shown and on disk, and deletes messages after the retention period', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-mail-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const mailer = createMailer({ smtpUrl: undefined, from: 'Hearth <no-reply@localhost>', dataDir });
    const now = Date.now();
    const invite = (secret: string, expiresIn: number) => ({
      to: 'jo@a.test',
      subject: 'You are invited',
      text: `To accept, open this link:\nhttp://localhost:3000/invitation#id.${secret}\nIt works for 7 days.`,
      practiceId: 'a',
      linkExpiresAt: new Date(now + expiresIn).toISOString(),
    });
    await mailer.send(invite('still-live', 86_400_000));
    await mailer.send(invite('run-out', -1000));
    const folder = path.join(dataDir, 'outbox');
    const onDisk = () => fs.readdirSync(folder).map((f) => fs.readFileSync(path.join(folder, f), 'utf8'));

    // Shown without the expired link at once, before any sweep.
    const shown = (await mailer.outbox('a')).map((m) => m.text).join('\n');
    expect(shown).toContain('#id.still-live');
    expect(shown).not.toContain('run-out');
    expect(shown).toContain('(link removed: it has expired)');

    await mailer.sweep(new Date(now));
    expect(onDisk().join('\n')).not.toContain('#id.run-out');
    expect(onDisk().join('\n')).toContain('#id.still-live');
    for (const file of fs.readdirSync(folder)) expect(fs.statSync(path.join(folder, file)).mode & 0o777).toBe(0o600);

    await mailer.sweep(new Date(now + 8 * 86_400_000));
    expect(onDisk().join('\n')).not.toContain('still-live');
    expect(fs.readdirSync(folder)).toHaveLength(2);
    await mailer.sweep(new Date(now + (OUTBOX_RETENTION_DAYS + 1) * 86_400_000));
    expect(fs.readdirSync(folder)).toEqual([]);
  });

  it('writes a delivery once, whole, however often it is sent again (a job retried after a kill)', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-mail-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const mailer = createMailer({ smtpUrl: undefined, from: 'Hearth <no-reply@localhost>', dataDir });
    const delivery = { id: 'job-1', createdAt: '2026-11-28T10:00:00.000Z' };
    const mail = { to: 'one@a.test', subject: 'Reminder', text: 'See you at 6', practiceId: 'a' };
    await mailer.send(mail, delivery);
    await mailer.send(mail, delivery);
    // Only whole messages under their final names; nothing left aside.
    expect(fs.readdirSync(path.join(dataDir, 'outbox'))).toEqual(['2026-11-28T10-00-00-000Z-job-1.json']);
    expect(await mailer.outbox('a')).toEqual([expect.objectContaining({ id: 'job-1', subject: 'Reminder' })]);
  });

  it('shows the rest of the outbox when one file is empty or damaged', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-mail-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const warnings: unknown[] = [];
    const mailer = createMailer({
      smtpUrl: undefined,
      from: 'Hearth <no-reply@localhost>',
      dataDir,
      log: { warn: (...args: unknown[]) => void warnings.push(args) },
    });
    await mailer.send({ to: 'one@a.test', subject: 'Older', text: 'a', practiceId: 'a' });
    fs.writeFileSync(path.join(dataDir, 'outbox', '2099-01-01T00-00-00-000Z-empty.json'), '');
    fs.writeFileSync(path.join(dataDir, 'outbox', '2099-01-01T00-00-00-000Z-torn.json'), '{"to": "x@a.te');
    expect((await mailer.outbox('a')).map((m) => m.subject)).toEqual(['Older']);
    expect(warnings).toHaveLength(2);
  });
});
