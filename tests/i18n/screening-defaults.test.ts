import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCREENING_QUESTIONS } from '../../domain/screening.js';

const en = JSON.parse(readFileSync('app/i18n/catalogs/en.json', 'utf8')) as Record<string, string>;

/**
 * A new group's form starts from the screening questions in its creator's language (the catalog);
 * the server falls back to the domain's English list. The two English lists must stay one list.
 */
describe("a new group's screening questions", () => {
  it('are, in English, exactly the questions the server falls back to', () => {
    expect(en['groupForm.defaultScreeningQuestions']?.split('\n')).toEqual([...DEFAULT_SCREENING_QUESTIONS]);
  });
});
