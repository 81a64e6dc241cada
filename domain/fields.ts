import { z } from 'zod';
import { EmailLimit, Int4Limit, isYearInRange, nameProblem, PersonNameLimit, YearLimit } from './limits.js';

/**
 * The messages here are keys of the server's catalog (server/i18n/catalogs, `problem.field.*`): the
 * server says them in the reader's language, with the issue's numbers (`minimum`, `maximum`) as
 * values (docs/decisions/0035). A caller's own words may be a key too.
 *
 * The Zod building blocks every route's input is made of, so a rule about names, numbers or
 * dates is written once: each route schema uses these instead of a bare z.string() for a name,
 * z.number() for a count, or z.iso for a date. (Any string of any route is also refused a NUL
 * or another control character by the server's validator, whatever its schema says.)
 */

/** A name on one line (a group's, a practice's): trimmed, within `limit`, with no control characters. */
export function nameField(limit: { min: number; max: number }, missing: string) {
  return z
    .string({ error: missing })
    .trim()
    .min(limit.min, limit.min <= 1 ? missing : 'problem.field.atLeastCharacters')
    .max(limit.max, 'problem.field.atMostCharacters')
    .superRefine((name, ctx) => {
      if (nameProblem(name)) ctx.addIssue({ code: 'custom', message: 'problem.field.nameCharacters' });
    });
}

/**
 * A person's name. `whose` says who is asked, so the words fit: a person asking for themself is
 * told "Enter your name", a clinician referring someone "Enter their name".
 */
export function personNameField(whose: 'your' | 'their') {
  return nameField(PersonNameLimit, whose === 'your' ? 'problem.field.yourName' : 'problem.field.theirName');
}

/** An e-mail address, trimmed and lowered so that one person has one spelling; `whose` as for names. */
export function emailField(whose: 'your' | 'their') {
  return z
    .string({ error: whose === 'your' ? 'problem.field.yourEmail' : 'problem.field.theirEmail' })
    .trim()
    .toLowerCase()
    .max(EmailLimit.max, 'problem.field.atMostCharacters')
    .pipe(z.email({ error: 'problem.field.emailForm' }));
}

/** A whole number that fits an integer column on both engines, within the route's own bounds. */
export function wholeNumber(
  bounds: { min?: number; max?: number } = {},
  words: { missing?: string; int?: string; min?: string; max?: string } = {},
) {
  const min = Math.max(bounds.min ?? Int4Limit.min, Int4Limit.min);
  const max = Math.min(bounds.max ?? Int4Limit.max, Int4Limit.max);
  return z
    .number({ error: words.missing ?? 'problem.field.wholeNumber' })
    .int(words.int ?? 'problem.field.wholeNumber')
    .min(min, words.min ?? 'problem.field.atLeast')
    .max(max, words.max ?? 'problem.field.atMost');
}

/** A number with decimals, bounded so that no store or calculation meets infinity. */
export function decimalNumber(bounds: { min: number; max: number }, missing = 'problem.field.number') {
  return z.number({ error: missing }).min(bounds.min, 'problem.field.atLeast').max(bounds.max, 'problem.field.atMost');
}

const yearWords = { message: 'problem.field.yearRange', params: { from: YearLimit.min, to: YearLimit.max } };
/** Reports a year outside YearLimit; text that is not a date at all is left to the format check. */
const inYears = (text: string) => !/^\d{4}-/.test(text) || isYearInRange(text);

/** An instant with its offset (`2026-11-26T09:00:00Z`), in YearLimit. */
export function instantField(error = 'problem.field.instant') {
  return z.iso.datetime({ offset: true, error }).refine(inYears, yearWords);
}

/** A calendar date (`2026-11-26`), in YearLimit. */
export function dateField(error = 'problem.field.date') {
  return z.iso.date({ error }).refine(inYears, yearWords);
}

/** A wall-clock date and time without an offset (`2027-01-05T18:00`), read in a group's time zone; in YearLimit. */
export function localDateTimeField(error = 'problem.field.localDateTime') {
  return z
    .string({ error })
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, error)
    .refine(inYears, yearWords);
}
