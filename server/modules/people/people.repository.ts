import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Engine } from '../../db/connect.js';
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
  practice: { id: string; name: string; slug: string; now: string },
): Promise<void> {
  await trx
    .insertInto('practices')
    .values({ id: practice.id, name: practice.name, slug: practice.slug, createdAt: practice.now })
    .execute();
}
