import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export interface KeyRow {
  route: string;
  requestHash: string;
  responseStatus: number | null;
  responseType: string | null;
  responseBody: string | null;
  createdAt: Date | string;
  /** A claim's lease while its request is worked on; then when the kept response is forgotten. */
  expiresAt: Date | string;
}

/** The row of a key, or undefined. */
export function findKey(db: Kysely<DB>, scope: string, key: string): Promise<KeyRow | undefined> {
  return db
    .selectFrom('idempotencyKeys')
    .select(['route', 'requestHash', 'responseStatus', 'responseType', 'responseBody', 'createdAt', 'expiresAt'])
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirst();
}

/** Claims a key for a request being worked on; throws a unique violation when it is already claimed. */
export async function claimKey(
  db: Kysely<DB>,
  row: { scope: string; key: string; route: string; requestHash: string; createdAt: string; expiresAt: string },
): Promise<void> {
  await db.insertInto('idempotencyKeys').values(row).execute();
}

/** Keeps the response of a claimed key, to answer its repeats with. */
export async function keepResponse(
  db: Kysely<DB>,
  scope: string,
  key: string,
  response: { responseStatus: number; responseType: string | null; responseBody: string; expiresAt: string },
): Promise<void> {
  await db.updateTable('idempotencyKeys').set(response).where('scope', '=', scope).where('key', '=', key).execute();
}

/** Lets a key go: its request failed on our side (a retry may try again) or it expired. */
export async function releaseKey(db: Kysely<DB>, scope: string, key: string): Promise<void> {
  await db.deleteFrom('idempotencyKeys').where('scope', '=', scope).where('key', '=', key).execute();
}

/** Forgets every key past its time. */
export async function deleteExpiredKeys(db: Kysely<DB>, now: string): Promise<void> {
  await db.deleteFrom('idempotencyKeys').where('expiresAt', '<', now).execute();
}

/** Extends the leases of claims still being worked on by this instance. */
export async function renewLeases(
  db: Kysely<DB>,
  claims: ReadonlyArray<{ scope: string; key: string }>,
  until: string,
): Promise<void> {
  await db
    .updateTable('idempotencyKeys')
    .set({ expiresAt: until })
    .where('responseStatus', 'is', null)
    .where((eb) => eb.or(claims.map((c) => eb.and([eb('scope', '=', c.scope), eb('key', '=', c.key)]))))
    .execute();
}
