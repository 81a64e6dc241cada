import { symmetricDecrypt } from 'better-auth/crypto';
import { afterEach, expect, it } from 'vitest';
import { authSecretConfig } from './auth/auth.js';
import { completeKeyRotation } from './key-rotation.js';
import { auditLogOf, clinicalCipherOf } from './secret-key.js';
import { allSealedValues, sealedClinicalRecords, type SealedRecords } from '../testing/sealed-fixtures.js';
import {
  buildTestApp,
  describeEachEngine,
  sessionCookie,
  TEST_PASSWORD,
  useTestApp,
  type TestApp,
  type TestAppOptions,
} from '../testing/test-app.js';

const OLD = 'the-old-root-key-0123456789-abcdefghijklmnop';
const NEW = 'the-new-root-key-9876543210-zyxwvutsrqponmlk';

describeEachEngine('hearth rotate-key', (engine) => {
  const t = useTestApp(engine, { keys: { current: OLD } });
  const restarted: TestApp[] = [];
  afterEach(async () => {
    for (const app of restarted.splice(0)) await app.app.close();
  });
  /** Another Hearth on the same database, as after a restart with other keys. */
  const restart = async (keys: TestAppOptions['keys']) => {
    const app = await buildTestApp(t.current, { keys });
    restarted.push(app);
    return app;
  };

  /**
   * The clinician signs in (a restart with a new key signs everyone out), with a recovery code, so
   * her two-step secrets must open; then reads what only the key opens.
   */
  async function check(app: TestApp, r: SealedRecords, recoveryCode: string) {
    const first = await app.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: 'maya@harbour.test', password: TEST_PASSWORD },
      remoteAddress: r.maya.ip,
    });
    const pending = String(first.headers['set-cookie']).match(/hearth\.two_factor=[^;]+/)?.[0] ?? '';
    const signIn = await app.app.inject({
      method: 'POST',
      url: '/api/session/second-factor',
      headers: { cookie: pending },
      payload: { code: recoveryCode, kind: 'recovery' },
      remoteAddress: r.maya.ip,
    });
    if (signIn.statusCode !== 200) return { signIn, screening: signIn, sheet: signIn };
    const cookie = sessionCookie(signIn.headers['set-cookie']);
    const screening = await app.app.inject({
      method: 'GET',
      url: `/api/groups/${r.groupId}/members/${r.sam}/screening`,
      headers: { cookie },
    });
    const sheet = await app.app.inject({
      method: 'GET',
      url: `/api/groups/${r.groupId}/sessions/${r.sessionId}/attendance`,
      headers: { cookie },
    });
    return { screening, sheet, signIn };
  }

  it('re-encrypts clinical text, two-step secrets and the audit log with the new key, resuming after an interruption', async () => {
    const oldCipher = clinicalCipherOf({ current: OLD, previous: undefined });
    const r = await sealedClinicalRecords(t.current, (text, where) => oldCipher.encrypt(text, where));
    const codes = r.maya.recoveryCodes!;
    const keys = { current: NEW, previous: OLD };

    // Hearth restarted with the new key and the previous one: it reads both while the rotation runs.
    const during = await restart(keys);
    await (async () => {
      const seen = await check(during, r, codes[0]!);
      expect(seen.screening.json().items[0].answer).toBe('Sam: sleep');
      expect(seen.sheet.statusCode).toBe(200);
      expect(seen.signIn.statusCode, seen.signIn.body).toBe(200);
    })();

    // The rotation stops half-way (a crash, a Ctrl-C) after its first batch.
    let batches = 0;
    await expect(
      completeKeyRotation(t.current.database, keys, {
        batchSize: 1,
        onBatch: () => {
          if (++batches === 2) throw new Error('interrupted');
        },
      }),
    ).rejects.toThrow('interrupted');
    const newPrefix = clinicalCipherOf({ current: NEW, previous: undefined }).currentPrefix;
    const halfway = await allSealedValues(t.current);
    expect(halfway.filter((v) => v.startsWith(newPrefix))).toHaveLength(2);
    expect(halfway.filter((v) => !v.startsWith(newPrefix))).toHaveLength(4);
    const meanwhile = await check(during, r, codes[1]!);
    expect(meanwhile.screening.json().items[0].answer).toBe('Sam: sleep');
    expect(meanwhile.signIn.statusCode).toBe(200);

    // Run again: it finishes what is left.
    const report = await completeKeyRotation(t.current.database, keys);
    expect(report.clinicalValues).toBe(4);
    expect(report.twoFactorAccounts).toBe(0);
    expect((await allSealedValues(t.current)).every((v) => v.startsWith(newPrefix))).toBe(true);

    // With the previous key gone, everything still reads: nothing depends on the old key.
    const after = await restart({ current: NEW });
    const seen = await check(after, r, codes[2]!);
    expect(seen.screening.json().items[0].answer).toBe('Sam: sleep');
    expect(
      seen.sheet
        .json()
        .entries.map((e: { note: string }) => e.note)
        .sort(),
    ).toEqual(['Rui arrived late', 'Sam arrived late']);
    expect(seen.signIn.statusCode, seen.signIn.body).toBe(200);
    const stored = await t.current.database.db
      .selectFrom('twoFactors')
      .select('secret')
      .where('userId', '=', r.maya.userId)
      .executeTakeFirstOrThrow();
    const key = authSecretConfig({ current: NEW, previous: undefined });
    // Sealed under the new key's version: it opens with the new key alone, never with the old one.
    expect(await symmetricDecrypt({ key, data: stored.secret })).toHaveLength(32);
    const oldKey = authSecretConfig({ current: OLD, previous: undefined });
    await expect(symmetricDecrypt({ key: oldKey, data: stored.secret })).rejects.toThrow();
    const audit = auditLogOf(t.current.database.engine, { current: NEW, previous: undefined });
    expect(await audit.verify(t.current.database.db)).toMatchObject({ ok: true });
    const rotated = await t.current.database.db
      .selectFrom('auditEvents')
      .select('chain')
      .where('action', '=', 'security.key_rotated')
      .execute();
    expect(rotated.map((e) => e.chain).sort()).toEqual(['instance', r.practiceId].sort());
    // The old key opens nothing any more.
    const oldOnly = await restart({ current: OLD });
    expect((await check(oldOnly, r, codes[3]!)).signIn.statusCode).not.toBe(200);
    expect(() =>
      clinicalCipherOf({ current: OLD, previous: undefined }).decrypt(halfway[0]!, { column: 'x', row: 'y' }),
    ).toThrow();
  });
});
