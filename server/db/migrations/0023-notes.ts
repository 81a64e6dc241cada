import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types.js';

/**
 * Clinical records and session notes (issue 14, docs/notes.md, docs/decisions/0038):
 * - `clinical_records`: a member's record basics in one practice (legal name, date of birth,
 *   pronouns, address, diagnosis codes, payer, goals), sealed as one JSON document.
 * - `practice_note_settings`: the practice's note template and "sign within N days".
 * - `note_signers`: a clinician's credential as it is printed under their signature, and the
 *   supervisor who co-signs their notes (null: their notes need no co-signature).
 * - `group_notes`: one per session, written by its facilitators; `content` sealed JSON.
 * - `progress_notes`: one per attending member per session: the group part as signed plus the
 *   member's own part in the practice's template; signature, co-signature and release recorded.
 * - `note_addenda`: signed additions to a signed progress note; a signed note never changes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('clinical_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('clinical_records_person_idx')
    .on('clinical_records')
    .columns(['practice_id', 'user_id'])
    .unique()
    .execute();

  await db.schema
    .createTable('practice_note_settings')
    .addColumn('practice_id', 'text', (c) => c.primaryKey().references('practices.id').onDelete('cascade'))
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('sign_within_days', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('note_signers')
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('credential', 'text', (c) => c.notNull())
    .addColumn('supervisor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('note_signers_pk', ['practice_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('group_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('session_id', 'text', (c) => c.notNull().unique().references('group_sessions.id').onDelete('cascade'))
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('prefill', 'text', (c) => c.notNull())
    // draft or signed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('signed_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('signed_name', 'text')
    .addColumn('signed_credential', 'text')
    .addColumn('signed_at', t.instant)
    .addColumn('content_hash', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('progress_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('group_sessions.id').onDelete('cascade'))
    .addColumn('group_member_id', 'text', (c) => c.notNull().references('group_members.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    // present, late or left-early, as confirmed when the note was made or last saved
    .addColumn('attendance', 'text', (c) => c.notNull())
    // DAP, SOAP or BIRP (domain/notes.ts)
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    // The group note's content as signed with this note; null while a draft.
    .addColumn('group_part', 'text')
    // draft or signed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('signed_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('signed_name', 'text')
    .addColumn('signed_credential', 'text')
    .addColumn('signed_at', t.instant)
    .addColumn('content_hash', 'text')
    // The supervisor whose co-signature the note waits for; null when none is needed.
    .addColumn('cosigner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('cosigned_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('cosigned_name', 'text')
    .addColumn('cosigned_credential', 'text')
    .addColumn('cosigned_at', t.instant)
    .addColumn('cosign_hash', 'text')
    .addColumn('released_at', t.instant)
    .addColumn('released_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('progress_notes_one_per_member_idx')
    .on('progress_notes')
    .columns(['session_id', 'group_member_id'])
    .unique()
    .execute();
  await db.schema.createIndex('progress_notes_member_idx').on('progress_notes').columns(['user_id']).execute();
  await db.schema.createIndex('progress_notes_cosigner_idx').on('progress_notes').columns(['cosigner_id']).execute();

  await db.schema
    .createTable('note_addenda')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    .addColumn('note_id', 'text', (c) => c.notNull().references('progress_notes.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('signed_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('signed_name', 'text', (c) => c.notNull())
    .addColumn('signed_credential', 'text', (c) => c.notNull())
    .addColumn('signed_at', t.instant, (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('note_addenda_note_idx').on('note_addenda').columns(['note_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('note_addenda').execute();
  await db.schema.dropTable('progress_notes').execute();
  await db.schema.dropTable('group_notes').execute();
  await db.schema.dropTable('note_signers').execute();
  await db.schema.dropTable('practice_note_settings').execute();
  await db.schema.dropTable('clinical_records').execute();
}
