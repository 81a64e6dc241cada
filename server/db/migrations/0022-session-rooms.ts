import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types.js';

/**
 * The live session room (issue 13, docs/room.md, decision 0037). A room is the log of its events,
 * each with a per-room sequence number; the tables beside it keep what the session keeps once the
 * room ends (check-ins, share of voice, chat, the facilitators' back-channel, breakouts). Free text
 * is sealed (platform/crypto): event bodies that carry words, chat, check-in words, back-channel.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('rooms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    // One room per session.
    .addColumn('session_id', 'text', (c) => c.notNull().unique().references('group_sessions.id').onDelete('cascade'))
    // open → ended
    .addColumn('status', 'text', (c) => c.notNull())
    // The last seq appended: the row every append locks, so one room's events are in one order.
    .addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('opened_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('opened_at', t.instant, (c) => c.notNull())
    .addColumn('ended_at', t.instant)
    .execute();
  await db.schema.createIndex('rooms_group_idx').on('rooms').columns(['group_id', 'status']).execute();

  await db.schema
    .createTable('room_events')
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('by_person', 'text')
    .addColumn('at', t.instant, (c) => c.notNull())
    // The event's JSON, sealed: many events carry someone's words (chat, check-ins, back-channel).
    .addColumn('body', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('room_events_pkey', ['room_id', 'seq'])
    .execute();

  // Commands already done, by the id their client chose: a repeat is acknowledged, not done again.
  await db.schema
    .createTable('room_commands')
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('command_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('room_commands_pkey', ['room_id', 'actor', 'command_id'])
    .execute();

  await db.schema
    .createTable('room_check_ins')
    .addColumn('session_id', 'text', (c) => c.notNull().references('group_sessions.id').onDelete('cascade'))
    .addColumn('group_member_id', 'text', (c) => c.notNull().references('group_members.id').onDelete('cascade'))
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('mood', 'integer', (c) => c.notNull())
    // Sealed: the word and the part are the member's own words.
    .addColumn('word', 'text', (c) => c.notNull())
    .addColumn('part', 'text')
    .addColumn('share', 'text', (c) => c.notNull())
    .addColumn('entered_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('room_check_ins_pkey', ['session_id', 'group_member_id'])
    .execute();

  // Share of voice, saved with the session when the room ends (for the note and later sessions).
  await db.schema
    .createTable('room_voice')
    .addColumn('session_id', 'text', (c) => c.notNull().references('group_sessions.id').onDelete('cascade'))
    .addColumn('group_member_id', 'text', (c) => c.notNull().references('group_members.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('seconds', 'integer', (c) => c.notNull())
    .addColumn('turns', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('room_voice_pkey', ['session_id', 'group_member_id'])
    .execute();
  await db.schema.createIndex('room_voice_group_idx').on('room_voice').columns(['group_id']).execute();

  await db.schema
    .createTable('room_chat')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('hidden', t.bool, (c) => c.notNull())
    .addColumn('hidden_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('room_chat_room_idx').on('room_chat').columns(['room_id', 'at']).execute();

  await db.schema
    .createTable('room_back_channel')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('room_back_channel_room_idx')
    .on('room_back_channel')
    .columns(['room_id', 'at'])
    .execute();

  await db.schema
    .createTable('room_breakouts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
    .addColumn('method', 'text', (c) => c.notNull())
    // JSON: [{personId, role}], the roles as last rotated.
    .addColumn('members', 'text', (c) => c.notNull())
    // A skill card attached later (not yet built); null.
    .addColumn('card_id', 'text')
    .addColumn('formed_at', t.instant, (c) => c.notNull())
    .addColumn('ended_at', t.instant)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'room_breakouts',
    'room_back_channel',
    'room_chat',
    'room_voice',
    'room_check_ins',
    'room_commands',
    'room_events',
    'rooms',
  ])
    await db.schema.dropTable(table).execute();
}
