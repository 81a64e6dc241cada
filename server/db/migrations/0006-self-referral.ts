import type { Kysely } from 'kysely';

/** A group's public self-referral link: the token in it, null while the link is off. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('groups').addColumn('self_referral_token', 'text').execute();
  await db.schema
    .createIndex('groups_self_referral_token_key')
    .on('groups')
    .column('self_referral_token')
    .unique()
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('groups_self_referral_token_key').execute();
  await db.schema.alterTable('groups').dropColumn('self_referral_token').execute();
}
