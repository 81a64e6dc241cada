import type { Binding } from './clinical-cipher.js';

/**
 * Every column that holds clinical text, sealed to its row (docs/decisions/0015). Names are
 * db/schema.ts's; `keys` is the row's primary key, joined with '/' for the binding. Re-encryption
 * (the upgrade job, `hearth rotate-key`) walks this list: a new encrypted column is added here.
 */
export const ENCRYPTED_COLUMNS = {
  'groupMembers.screeningAnswers': ['id'],
  'groupMembers.dischargeSummary': ['id'],
  'sessionAttendance.note': ['sessionId', 'groupMemberId'],
  'alerts.outcome': ['id'],
  'measureForms.answers': ['id'],
  // A member's reason for asking to be erased may say why they are afraid: sealed like clinical text.
  'erasureRequests.reason': ['id'],
  // A kept response can carry what the request made (a note, answers): sealed like them.
  'idempotencyKeys.responseBody': ['scope', 'key'],
  // A person's "My data" archive holds their answers and scores (docs/decisions/0029).
  'dataExports.archive': ['id'],
  // The live room (docs/room.md): its events carry chat, check-ins and the back-channel.
  'roomEvents.body': ['roomId', 'seq'],
  'roomCheckIns.word': ['sessionId', 'groupMemberId'],
  'roomCheckIns.part': ['sessionId', 'groupMemberId'],
  'roomChat.text': ['id'],
  'roomBackChannel.text': ['id'],
} as const;

export type EncryptedColumn = keyof typeof ENCRYPTED_COLUMNS;

/** Where a value lives, for ClinicalCipher: the column and the row's key, in ENCRYPTED_COLUMNS' order. */
export function sealedIn(column: EncryptedColumn, ...row: string[]): Binding {
  if (row.length !== ENCRYPTED_COLUMNS[column].length)
    throw new Error(`${column} is keyed by ${ENCRYPTED_COLUMNS[column].join(', ')}`);
  return { column, row: row.join('/') };
}
