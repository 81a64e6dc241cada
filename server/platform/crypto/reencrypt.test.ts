import { expect, it } from 'vitest';
import { clinicalCipherOf, deriveKey } from '../secret-key.js';
import { describeEachEngine, TEST_SECRET_KEY, useTestApp, type TestApp } from '../../testing/test-app.js';
import {
  allSealedValues,
  PLAIN,
  sealedClinicalRecords,
  sealV1,
  type SealedRecords,
} from '../../testing/sealed-fixtures.js';
import { sealedIn } from './encrypted-columns.js';
import { reencryptClinicalText } from './reencrypt.js';

/** Reads through the app what the group's clinician reads: screening answers and attendance notes. */
async function readAsClinician(t: TestApp, r: SealedRecords, memberId: string) {
  const screening = await t.app.inject({
    method: 'GET',
    url: `/api/groups/${r.groupId}/members/${memberId}/screening`,
    headers: { cookie: r.maya.cookie },
  });
  const sheet = await t.app.inject({
    method: 'GET',
    url: `/api/groups/${r.groupId}/sessions/${r.sessionId}/attendance`,
    headers: { cookie: r.maya.cookie },
  });
  return { screening, sheet };
}

describeEachEngine('clinical text sealed to its row', (engine) => {
  const t = useTestApp(engine);
  const cipher = clinicalCipherOf({ current: TEST_SECRET_KEY, previous: undefined });

  it('refuses a value copied into another row, instead of showing one person’s record as another’s', async () => {
    const r = await sealedClinicalRecords(t.current, (text, where) => cipher.encrypt(text, where));
    const before = await readAsClinician(t.current, r, r.rui);
    expect(before.screening.json().items[0].answer).toBe('Rui: sleep');
    expect(
      before.sheet
        .json()
        .entries.map((e: { note: string }) => e.note)
        .sort(),
    ).toEqual(['Rui arrived late', 'Sam arrived late']);

    const db = t.current.database.db;
    const sams = await db
      .selectFrom('groupMembers')
      .select('screeningAnswers')
      .where('id', '=', r.sam)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('groupMembers')
      .set({ screeningAnswers: sams.screeningAnswers })
      .where('id', '=', r.rui)
      .execute();
    const samsNote = await db
      .selectFrom('sessionAttendance')
      .select('note')
      .where('groupMemberId', '=', r.sam)
      .executeTakeFirstOrThrow();
    await db.updateTable('sessionAttendance').set({ note: samsNote.note }).where('groupMemberId', '=', r.rui).execute();

    const after = await readAsClinician(t.current, r, r.rui);
    expect(after.screening.statusCode).toBe(500);
    expect(after.screening.body).not.toContain('Sam');
    expect(after.sheet.statusCode).toBe(500);
    expect(after.sheet.body).not.toContain('Sam arrived');
    // The error says what is wrong and where, for the log.
    expect(() => cipher.decrypt(sams.screeningAnswers!, sealedIn('groupMembers.screeningAnswers', r.rui))).toThrow(
      `Cannot decrypt groupMembers.screeningAnswers of ${r.rui}: it was changed, or copied from another record.`,
    );
    // A column's value in another column is refused the same way.
    const outcome = await db.selectFrom('alerts').select('outcome').executeTakeFirstOrThrow();
    expect(() => cipher.decrypt(outcome.outcome!, sealedIn('measureForms.answers', r.alertId))).toThrow(/copied/);
  });

  it('still reads values sealed before the binding, and the daily job re-seals them in place', async () => {
    const oldKey = deriveKey(TEST_SECRET_KEY, 'clinical-text');
    const r = await sealedClinicalRecords(t.current, (text) => sealV1(text, oldKey));
    expect((await allSealedValues(t.current)).every((v) => v.startsWith('v1.'))).toBe(true);
    const before = await readAsClinician(t.current, r, r.sam);
    expect(before.screening.json().items[0].answer).toBe('Sam: sleep');

    await t.current.app.jobs.runDue();

    const values = await allSealedValues(t.current);
    expect(values).toHaveLength(6);
    expect(values.every((v) => v.startsWith(cipher.currentPrefix))).toBe(true);
    const after = await readAsClinician(t.current, r, r.sam);
    expect(after.screening.json().items[0].answer).toBe('Sam: sleep');
    expect(
      after.sheet
        .json()
        .entries.map((e: { note: string }) => e.note)
        .sort(),
    ).toEqual(['Rui arrived late', 'Sam arrived late']);
    const outcome = await t.current.database.db.selectFrom('alerts').select('outcome').executeTakeFirstOrThrow();
    expect(cipher.decrypt(outcome.outcome!, sealedIn('alerts.outcome', r.alertId))).toBe(PLAIN.outcome);
    // Nothing is left to do: a second run changes nothing.
    expect(await reencryptClinicalText(t.current.database.db, cipher)).toBe(0);
  });
});
