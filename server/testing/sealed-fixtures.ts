import crypto from 'node:crypto';
import type { Binding } from '../platform/crypto/clinical-cipher.js';
import { sealedIn } from '../platform/crypto/encrypted-columns.js';
import { groupWithMembers, insertPastSession, type GroupFixture } from './group-fixtures.js';
import type { TestApp } from './test-app.js';

/** A value as Hearth sealed it before values were bound to their row: `v1.`, no key id, no AAD. */
export function sealV1(plaintext: string, key: Buffer): string {
  const nonce = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', nonce, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.');
}

export interface SealedRecords extends GroupFixture {
  sessionId: string;
  formId: string;
  alertId: string;
  /** Sam's and Rui's membership ids. */
  sam: string;
  rui: string;
}

/** What each sealed column holds in plain text, so tests can read it back. */
export const PLAIN = {
  screening: (who: string) => JSON.stringify({ questions: ['What brings you here?'], answers: [`${who}: sleep`] }),
  note: (who: string) => `${who} arrived late`,
  answers: JSON.stringify({ 'phq9-1': 1 }),
  outcome: 'Called them; safe, and seeing their GP tomorrow.',
};

/**
 * A group (Sam and Rui) with one value in every encrypted column, each sealed by `seal` in its
 * own place: screening answers for both, attendance notes for both at one session, one form's
 * answers and one alert's outcome. Written straight to the tables, as an older Hearth left them.
 */
export async function sealedClinicalRecords(
  t: TestApp,
  seal: (plaintext: string, where: Binding) => string,
): Promise<SealedRecords> {
  const fixture = await groupWithMembers(t, { members: ['Sam', 'Rui'] });
  const [sam, rui] = fixture.members.map((m) => m.memberId) as [string, string];
  const db = t.database.db;
  const now = new Date().toISOString();
  for (const [id, who] of [
    [sam, 'Sam'],
    [rui, 'Rui'],
  ] as const) {
    await db
      .updateTable('groupMembers')
      .set({ screeningAnswers: seal(PLAIN.screening(who), sealedIn('groupMembers.screeningAnswers', id)) })
      .where('id', '=', id)
      .execute();
  }
  const sessionId = await insertPastSession(t, fixture, new Date(Date.now() - 86_400_000));
  for (const [id, who] of [
    [sam, 'Sam'],
    [rui, 'Rui'],
  ] as const) {
    await db
      .insertInto('sessionAttendance')
      .values({
        sessionId,
        groupMemberId: id,
        practiceId: fixture.practiceId,
        status: 'present',
        note: seal(PLAIN.note(who), sealedIn('sessionAttendance.note', sessionId, id)),
        recordedBy: fixture.maya.userId,
        recordedAt: now,
      })
      .execute();
  }
  const formId = crypto.randomUUID();
  await db
    .insertInto('measureForms')
    .values({
      id: formId,
      practiceId: fixture.practiceId,
      groupId: fixture.groupId,
      groupMemberId: sam,
      instrumentId: 'phq-9',
      occasion: 'test',
      dueAt: now,
      status: 'in-progress',
      answers: seal(PLAIN.answers, sealedIn('measureForms.answers', formId)),
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  const alertId = crypto.randomUUID();
  await db
    .insertInto('alerts')
    .values({
      id: alertId,
      practiceId: fixture.practiceId,
      groupId: fixture.groupId,
      groupMemberId: sam,
      kind: 'safety.phq9-item9',
      urgency: 'urgent',
      causeKey: `test:${alertId}`,
      createdAt: now,
      resolvedAt: now,
      resolvedBy: fixture.maya.userId,
      outcome: seal(PLAIN.outcome, sealedIn('alerts.outcome', alertId)),
    })
    .execute();
  return { ...fixture, sessionId, formId, alertId, sam, rui };
}

/** Every sealed value of the four columns, for checking their format. */
export async function allSealedValues(t: TestApp): Promise<string[]> {
  const db = t.database.db;
  const values = [
    ...(await db.selectFrom('groupMembers').select('screeningAnswers as v').execute()),
    ...(await db.selectFrom('sessionAttendance').select('note as v').execute()),
    ...(await db.selectFrom('measureForms').select('answers as v').execute()),
    ...(await db.selectFrom('alerts').select('outcome as v').execute()),
  ];
  return values.map((r) => r.v).filter((v): v is string => v !== null);
}
