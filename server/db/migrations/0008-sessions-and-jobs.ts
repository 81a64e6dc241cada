import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types.js';

/**
 * Sessions and their rhythm (PRODUCT.md §3.3): each group's repeat rule, the sessions it yields
 * (kept as rows so each has a stable identity for attendance, calendars and reminders),
 * attendance, alerts to facilitators, reminder choices, calendar feeds, and the durable jobs table
 * that reminders and other timed work run from.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('group_schedules')
    .addColumn('group_id', 'text', (c) => c.primaryKey().references('groups.id').onDelete('cascade'))
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    // Null for a group whose sessions are all added one by one.
    .addColumn('rrule', 'text')
    .addColumn('first_start', 'text')
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    // JSON array of minutes before a session; [] turns reminders off for the group.
    .addColumn('reminder_minutes', 'text', (c) => c.notNull())
    // Sessions of a rule without an end exist up to here; a daily job extends it.
    .addColumn('generated_until', t.instant)
    .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('group_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    // The start the rule gave this session, kept when it is moved; null for an extra session.
    .addColumn('occurrence_start', t.instant)
    .addColumn('starts_at', t.instant, (c) => c.notNull())
    .addColumn('ends_at', t.instant, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cancel_note', 'text')
    // A link for this session only; otherwise the group's.
    .addColumn('video_link', 'text')
    .addColumn('note_for_members', 'text')
    // Changed by hand (moved, cancelled, given a note): a rule edit keeps it if its date remains.
    .addColumn('changed_by_hand', t.bool, (c) => c.notNull().defaultTo(false))
    // iCalendar SEQUENCE: goes up with each change so calendar apps take the newest version.
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addUniqueConstraint('group_sessions_occurrence_key', ['group_id', 'occurrence_start'])
    .execute();
  await db.schema
    .createIndex('group_sessions_group_start_idx')
    .on('group_sessions')
    .columns(['group_id', 'starts_at'])
    .execute();
  await db.schema.createIndex('group_sessions_start_idx').on('group_sessions').column('starts_at').execute();

  await db.schema
    .createTable('session_attendance')
    .addColumn('session_id', 'text', (c) => c.notNull().references('group_sessions.id').onDelete('cascade'))
    .addColumn('group_member_id', 'text', (c) => c.notNull().references('group_members.id').onDelete('cascade'))
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    // Encrypted (platform/crypto): a note about a member is clinical text.
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('recorded_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('session_attendance_pkey', ['session_id', 'group_member_id'])
    .execute();
  await db.schema
    .createIndex('session_attendance_member_idx')
    .on('session_attendance')
    .column('group_member_id')
    .execute();

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('group_member_id', 'text', (c) => c.references('group_members.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('urgency', 'text', (c) => c.notNull())
    // What raised it, so the same cause never raises it twice.
    .addColumn('cause_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('resolved_at', t.instant)
    .addColumn('resolved_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    // Encrypted: what the facilitator did about it.
    .addColumn('outcome', 'text')
    .execute();
  await db.schema.createIndex('alerts_group_idx').on('alerts').columns(['group_id', 'resolved_at']).execute();

  await db.schema
    .createTable('reminder_opt_outs')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('reminder_opt_outs_pkey', ['user_id', 'group_id'])
    .execute();

  await db.schema
    .createTable('calendar_feeds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // SHA-256 of the secret in the feed address; the secret itself is never stored.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('revoked_at', t.instant)
    .addColumn('last_read_at', t.instant)
    .execute();
  await db.schema
    .createIndex('calendar_feeds_user_idx')
    .on('calendar_feeds')
    .columns(['user_id', 'practice_id'])
    .execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('run_at', t.instant, (c) => c.notNull())
    // pending → running → done, or back to pending with a later run_at after a failure.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    // The same work is enqueued once, however many times it is asked for.
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    // A running job whose worker stopped is taken again after this.
    .addColumn('locked_until', t.instant)
    .addColumn('last_error', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('finished_at', t.instant)
    .execute();
  await db.schema.createIndex('jobs_due_idx').on('jobs').columns(['status', 'run_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'jobs',
    'calendar_feeds',
    'reminder_opt_outs',
    'alerts',
    'session_attendance',
    'group_sessions',
    'group_schedules',
  ])
    await db.schema.dropTable(table).execute();
}
