import type { Kysely } from 'kysely';
import type { CrisisCategory, CrisisLanguage, CrisisRuleLevel } from '../../../domain/crisis-screening.js';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

export interface RuleRow {
  id: string;
  phrase: string;
  phraseKey: string;
  category: CrisisCategory;
  language: CrisisLanguage;
  level: CrisisRuleLevel;
  enabled: boolean;
  updatedAt: Date | string;
}

const COLUMNS = ['id', 'phrase', 'phraseKey', 'category', 'language', 'level', 'enabled', 'updatedAt'] as const;

function asRule(row: {
  id: string;
  phrase: string;
  phraseKey: string;
  category: string;
  language: string;
  level: string;
  enabled: boolean | number;
  updatedAt: Date | string;
}): RuleRow {
  return {
    ...row,
    category: row.category as CrisisCategory,
    language: row.language as CrisisLanguage,
    level: row.level as CrisisRuleLevel,
    enabled: Boolean(row.enabled),
  };
}

/** A practice's own rules, oldest first. */
export async function rulesOf(db: Db, practiceId: string): Promise<RuleRow[]> {
  const rows = await db
    .selectFrom('crisisRules')
    .select(COLUMNS)
    .where('practiceId', '=', practiceId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
  return rows.map(asRule);
}

/** One of a practice's rules, or undefined (another practice's rule is not there). */
export async function findRule(db: Db, practiceId: string, ruleId: string): Promise<RuleRow | undefined> {
  const row = await db
    .selectFrom('crisisRules')
    .select(COLUMNS)
    .where('practiceId', '=', practiceId)
    .where('id', '=', ruleId)
    .executeTakeFirst();
  return row && asRule(row);
}

/** The practice's rule with this normalised phrase, if any. */
export async function ruleWithKey(db: Db, practiceId: string, phraseKey: string): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('crisisRules')
    .select('id')
    .where('practiceId', '=', practiceId)
    .where('phraseKey', '=', phraseKey)
    .executeTakeFirst();
}

export async function insertRule(
  db: Db,
  row: Omit<RuleRow, 'updatedAt' | 'enabled'> & {
    enabled: boolean | number;
    practiceId: string;
    by: string;
    at: string;
  },
): Promise<void> {
  const { by, at, ...rule } = row;
  await db
    .insertInto('crisisRules')
    .values({ ...rule, createdBy: by, createdAt: at, updatedBy: by, updatedAt: at })
    .execute();
}

export async function updateRule(
  db: Db,
  practiceId: string,
  ruleId: string,
  change: Omit<RuleRow, 'id' | 'updatedAt' | 'enabled'> & { enabled: boolean | number; by: string; at: string },
): Promise<void> {
  const { by, at, ...rule } = change;
  await db
    .updateTable('crisisRules')
    .set({ ...rule, updatedBy: by, updatedAt: at })
    .where('practiceId', '=', practiceId)
    .where('id', '=', ruleId)
    .execute();
}
