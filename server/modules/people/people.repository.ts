import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Engine } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';
import { boolValue } from '../../db/values.js';

export interface NewPerson {
  id: string;
  name: string;
  email: string;
  passwordHash: string;
  now: string;
}

/** A person's account with an e-mail and password credential, shaped as better-auth reads it. */
export async function insertPerson(trx: Kysely<DB>, engine: Engine, person: NewPerson): Promise<void> {
  await trx
    .insertInto('users')
    .values({
      id: person.id,
      name: person.name,
      email: person.email,
      emailVerified: boolValue(engine, false),
      image: null,
      createdAt: person.now,
      updatedAt: person.now,
    })
    .execute();
  await trx
    .insertInto('accounts')
    .values({
      id: crypto.randomUUID(),
      accountId: person.id,
      providerId: 'credential',
      userId: person.id,
      password: person.passwordHash,
      createdAt: person.now,
      updatedAt: person.now,
    })
    .execute();
}

/** Makes a person a member of a practice with a role. */
export async function insertMembership(
  trx: Kysely<DB>,
  membership: { practiceId: string; userId: string; role: string; now: string },
): Promise<void> {
  await trx
    .insertInto('practiceMembers')
    .values({
      id: crypto.randomUUID(),
      practiceId: membership.practiceId,
      userId: membership.userId,
      role: membership.role,
      createdAt: membership.now,
    })
    .execute();
}

/** A new practice. */
export async function insertPractice(
  trx: Kysely<DB>,
  practice: { id: string; name: string; slug: string; now: string; country?: string },
): Promise<void> {
  await trx
    .insertInto('practices')
    .values({
      id: practice.id,
      name: practice.name,
      slug: practice.slug,
      createdAt: practice.now,
      // Unsaid, the column's default: the United States, Hearth's first country.
      ...(practice.country && { country: practice.country }),
    })
    .execute();
}

/** Everyone in a practice, with their account details, oldest member first. */
export function listMembers(database: Database, practiceId: string) {
  return database.db
    .selectFrom('practiceMembers')
    .innerJoin('users', 'users.id', 'practiceMembers.userId')
    .select([
      'users.id as userId',
      'users.name',
      'users.email',
      'users.twoFactorEnabled',
      'practiceMembers.role',
      'practiceMembers.createdAt as joinedAt',
      'practiceMembers.disabledAt',
    ])
    .where('practiceMembers.practiceId', '=', practiceId)
    .orderBy('practiceMembers.createdAt')
    .execute();
}

/** One person's membership in a practice, or undefined: the object check for every people route. */
export function findMember(database: Database | { db: Kysely<DB> }, practiceId: string, userId: string) {
  return database.db
    .selectFrom('practiceMembers')
    .select(['userId', 'role', 'disabledAt'])
    .where('practiceId', '=', practiceId)
    .where('userId', '=', userId)
    .executeTakeFirst();
}

/** How many owners of a practice can still sign in. */
export async function countActiveOwners(trx: Kysely<DB>, practiceId: string): Promise<number> {
  const row = await trx
    .selectFrom('practiceMembers')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('practiceId', '=', practiceId)
    .where('role', '=', 'owner')
    .where('disabledAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateMembership(
  trx: Kysely<DB>,
  practiceId: string,
  userId: string,
  change: { role?: string; disabledAt?: string | null; disabledBy?: string | null },
): Promise<void> {
  await trx
    .updateTable('practiceMembers')
    .set(change)
    .where('practiceId', '=', practiceId)
    .where('userId', '=', userId)
    .execute();
}

/** A person's account by e-mail. */
export function findUserByEmail(database: Database | { db: Kysely<DB> }, email: string) {
  return database.db.selectFrom('users').select(['id', 'name', 'email']).where('email', '=', email).executeTakeFirst();
}

/** The stored password hash of an account, for accepting an invitation with an existing account. */
export async function findPasswordHash(trx: Kysely<DB>, userId: string): Promise<string | undefined> {
  const row = await trx
    .selectFrom('accounts')
    .select('password')
    .where('userId', '=', userId)
    .where('providerId', '=', 'credential')
    .executeTakeFirst();
  return row?.password ?? undefined;
}

/** The practices a person belongs to (disabled memberships too), for auditing in each. */
export async function practicesOf(database: Database, userId: string): Promise<string[]> {
  const rows = await database.db
    .selectFrom('practiceMembers')
    .select('practiceId')
    .where('userId', '=', userId)
    .execute();
  return rows.map((r) => r.practiceId);
}
