import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { chooseLocale, translator, type Translator } from '../i18n.js';

/**
 * The language to write to someone in: their own choice when they have an account, else the
 * practice's default (an invitation, a referral), else what the request that caused the mail
 * asked for (`acceptLanguage`: a self-referral from the public page), else English.
 */
export async function recipientTranslator(
  db: Kysely<DB>,
  to: { email: string; practiceId: string | null; acceptLanguage?: string | undefined },
): Promise<Translator> {
  const person = await db
    .selectFrom('users')
    .select('locale')
    .where('email', '=', to.email.toLowerCase())
    .executeTakeFirst();
  const practice = to.practiceId
    ? await db.selectFrom('practices').select('defaultLocale').where('id', '=', to.practiceId).executeTakeFirst()
    : undefined;
  return translator(
    chooseLocale({
      saved: person?.locale,
      // Someone writing from the public page chose their language there; a practice's default
      // only speaks for people who have not.
      practiceDefault: to.acceptLanguage ? null : practice?.defaultLocale,
      acceptLanguage: to.acceptLanguage,
    }),
  );
}
