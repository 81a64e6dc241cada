import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as accountsAndPractices from './migrations/0001-accounts-and-practices.js';

/**
 * Every migration, in order. Listed in code rather than read from a folder so that the same
 * list works from TypeScript sources (tests, tsx) and from the compiled build.
 */
const migrations: Record<string, Migration> = {
  '0001-accounts-and-practices': accountsAndPractices,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Applies every pending migration; throws with the failing migration's name if one fails. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
