import type { Kysely } from 'kysely';

/**
 * What was paid on a billing line (issue 14, docs/billing.md): recorded with the outcome "paid",
 * in cents, so a superbill can show the member what they paid and what is still owed, as an
 * insurer asks to see before it reimburses. Null while nothing was recorded as paid.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('billing_lines').addColumn('paid_cents', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('billing_lines').dropColumn('paid_cents').execute();
}
