import { z } from 'zod';
import { EmailLimit, Int4Limit, isYearInRange, nameProblem, PersonNameLimit, YearLimit } from './limits.js';

/**
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
    .min(limit.min, limit.min <= 1 ? missing : `Use at least ${limit.min} characters.`)
    .max(limit.max, `Use at most ${limit.max} characters.`)
    .superRefine((name, ctx) => {
      const problem = nameProblem(name);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

/**
 * A person's name. `whose` says who is asked, so the words fit: a person asking for themself is
 * told "Enter your name", a clinician referring someone "Enter their name".
 */
export function personNameField(whose: 'your' | 'their') {
  return nameField(PersonNameLimit, whose === 'your' ? 'Enter your name.' : 'Enter their name.');
}

/** An e-mail address, trimmed and lowered so that one person has one spelling; `whose` as for names. */
export function emailField(whose: 'your' | 'their') {
  return z
    .string({ error: whose === 'your' ? 'Enter your e-mail address.' : 'Enter their e-mail address.' })
    .trim()
    .toLowerCase()
    .max(EmailLimit.max, `Use at most ${EmailLimit.max} characters.`)
    .pipe(z.email({ error: 'Enter an e-mail address like name@example.org.' }));
}

/** A whole number that fits an integer column on both engines, within the route's own bounds. */
export function wholeNumber(
  bounds: { min?: number; max?: number } = {},
  words: { missing?: string; int?: string; min?: string; max?: string } = {},
) {
  const min = Math.max(bounds.min ?? Int4Limit.min, Int4Limit.min);
  const max = Math.min(bounds.max ?? Int4Limit.max, Int4Limit.max);
  return z
    .number({ error: words.missing ?? 'Give a whole number.' })
    .int(words.int ?? 'Give a whole number.')
    .min(min, words.min ?? `Give at least ${min}.`)
    .max(max, words.max ?? `Give at most ${max}.`);
}

/** A number with decimals, bounded so that no store or calculation meets infinity. */
export function decimalNumber(bounds: { min: number; max: number }, missing = 'Give a number.') {
  return z
    .number({ error: missing })
    .min(bounds.min, `Give at least ${bounds.min}.`)
    .max(bounds.max, `Give at most ${bounds.max}.`);
}

const yearWords = `Use a year from ${YearLimit.min} to ${YearLimit.max}.`;
/** Reports a year outside YearLimit; text that is not a date at all is left to the format check. */
const inYears = (text: string) => !/^\d{4}-/.test(text) || isYearInRange(text);

/** An instant with its offset (`2026-11-26T09:00:00Z`), in YearLimit. */
export function instantField(error = 'Use a date and time like 2026-11-26T09:00:00Z.') {
  return z.iso.datetime({ offset: true, error }).refine(inYears, yearWords);
}

/** A calendar date (`2026-11-26`), in YearLimit. */
export function dateField(error = 'Use a date like 2026-11-26.') {
  return z.iso.date({ error }).refine(inYears, yearWords);
}

/** A wall-clock date and time without an offset (`2027-01-05T18:00`), read in a group's time zone; in YearLimit. */
export function localDateTimeField(error = 'Give a date and time, like 2027-01-05T18:00.') {
  return z
    .string({ error })
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, error)
    .refine(inYears, yearWords);
}
