import fs from 'node:fs';
import path from 'node:path';
import { expect, it, vi } from 'vitest';
import { describeEachEngine, OWNER, setUpPractice, useTestApp } from '../../testing/test-app.js';
import { tokenHash } from '../../platform/crypto/token-hash.js';

/** The reset token from the newest message in the outbox folder (never shown in the app). */
async function resetTokenFromOutbox(dataDir: string): Promise<string> {
  const folder = path.join(dataDir, 'outbox');
  const text = await vi.waitFor(() => {
    const files = fs.existsSync(folder) ? fs.readdirSync(folder).sort() : [];
    const message = files
      .map((f) => JSON.parse(fs.readFileSync(path.join(folder, f), 'utf8')))
      .find((m) => m.subject.includes('Reset'));
    if (!message) throw new Error('no reset e-mail yet');
    return message.text as string;
  });
  return /\/reset-password#([A-Za-z0-9_-]+)/.exec(text)![1]!;
}

describeEachEngine('password reset', (engine) => {
  const t = useTestApp(engine);

  it('gives the same answer whether or not the address has an account', async () => {
    await setUpPractice(t.current.app);
    const known = await t.current.app.inject({
      method: 'POST',
      url: '/api/password-reset',
      payload: { email: OWNER.email },
    });
    const unknown = await t.current.app.inject({
      method: 'POST',
      url: '/api/password-reset',
      payload: { email: 'nobody@harbour.test' },
    });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    // The test app has no mail server, which the answer says, for every address alike.
    expect(known.json()).toEqual({
      message:
        'If that address has a Hearth account, we have sent it a link to choose a new password. It works for 60 minutes. ' +
        'This Hearth has no mail server set up yet, so the e-mail may not reach you. If nothing arrives, ask your practice to help you sign in.',
    });
    expect(unknown.json()).toEqual(known.json());
  });

  it('resets the password with the e-mailed link once, signing the person out everywhere', async () => {
    const { app, dataDir } = t.current;
    const owner = await setUpPractice(app);
    await app.inject({ method: 'POST', url: '/api/password-reset', payload: { email: OWNER.email } });
    const token = await resetTokenFromOutbox(dataDir);

    const weak = await app.inject({
      method: 'POST',
      url: '/api/password-reset/complete',
      payload: { token, password: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0].field).toBe('body.password');

    // Only a hash of the link's secret is stored: no row of any table holds the token.
    const db = t.current.database.db;
    for (const table of await db.introspection.getTables()) {
      const rows = await db
        .selectFrom(table.name as 'users')
        .selectAll()
        .execute();
      expect(JSON.stringify(rows), table.name).not.toContain(token);
    }
    expect(await db.selectFrom('verifications').select('identifier').execute()).toContainEqual({
      identifier: tokenHash(`reset-password:${token}`),
    });

    const newPassword = 'a completely new harbour phrase';
    const done = await app.inject({
      method: 'POST',
      url: '/api/password-reset/complete',
      payload: { token, password: newPassword },
    });
    expect(done.statusCode).toBe(204);
    expect(
      (await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: owner.cookie } })).statusCode,
    ).toBe(401);

    const old = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: OWNER.email, password: OWNER.password },
    });
    expect(old.statusCode).toBe(401);
    const fresh = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: OWNER.email, password: newPassword },
    });
    expect(fresh.statusCode).toBe(200);

    const reused = await app.inject({
      method: 'POST',
      url: '/api/password-reset/complete',
      payload: { token, password: 'yet another harbour phrase' },
    });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().detail).toMatch(/expired or was already used/);

    const audited = await t.current.database.db
      .selectFrom('auditEvents')
      .select('action')
      .where('action', 'like', 'auth.password_reset%')
      .execute();
    expect(audited.map((a) => a.action).sort()).toEqual(['auth.password_reset', 'auth.password_reset_requested']);
  });

  it('never shows a reset e-mail in the practice outbox', async () => {
    const owner = await setUpPractice(t.current.app);
    await t.current.app.inject({ method: 'POST', url: '/api/password-reset', payload: { email: OWNER.email } });
    await resetTokenFromOutbox(t.current.dataDir);
    const outbox = await t.current.app.inject({ method: 'GET', url: '/api/outbox', headers: { cookie: owner.cookie } });
    expect(outbox.json().messages).toEqual([]);
  });
});
