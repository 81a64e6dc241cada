import type { Database } from '../../db/connect.js';

/** Saves a person's language and zone; an absent value is left as it is. */
export async function savePreferences(
  database: Database,
  userId: string,
  preferences: { locale?: string | null; timeZone?: string },
): Promise<void> {
  await database.db
    .updateTable('users')
    .set({
      ...(preferences.locale !== undefined && { locale: preferences.locale }),
      ...(preferences.timeZone !== undefined && { timeZone: preferences.timeZone }),
      updatedAt: new Date().toISOString(),
    })
    .where('id', '=', userId)
    .execute();
}
