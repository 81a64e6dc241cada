import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * Characters no input of Hearth ever needs, and PostgreSQL cannot store (NUL) or stores altered
 * (half a surrogate pair): control characters other than tab and line breaks, and lone surrogates.
 */
const UNSTORABLE = /[^\P{Cc}\t\n\r]|\p{Cs}/u;
/**
 * Text made only of invisible characters (zero-width spaces and joiners, soft hyphens, direction
 * marks) with or without spaces: it would pass a trimmed "fill this in" check and show as nothing,
 * a post nobody can read or a name nobody can see.
 */
const INVISIBLE = /\p{Cf}/u;
const ONLY_INVISIBLE = /^[\s\p{Cf}]+$/u;

type Refusal = { path: PropertyKey[]; message: 'problem.field.controlCharacter' | 'problem.field.onlyInvisible' };

/** Every string (and object key) in a request part that no field may hold, by its path. */
function unstorable(value: unknown, at: PropertyKey[], found: Refusal[]): void {
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value)) found.push({ path: at, message: 'problem.field.controlCharacter' });
    else if (INVISIBLE.test(value) && ONLY_INVISIBLE.test(value))
      found.push({ path: at, message: 'problem.field.onlyInvisible' });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => unstorable(item, [...at, i], found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (UNSTORABLE.test(key)) found.push({ path: at, message: 'problem.field.controlCharacter' });
      unstorable(item, [...at, key], found);
    }
  }
}

/** Refuses unstorable or invisible-only text anywhere in a request part before its own schema runs. */
const storableText = z.unknown().superRefine((value, ctx) => {
  const found: Refusal[] = [];
  unstorable(value, [], found);
  for (const { path, message } of found) ctx.addIssue({ code: 'custom', path, message });
});

/**
 * The validator every route's params, query and body go through: the route's Zod schema, behind
 * one check that holds for every schema, present and future, so no route has to remember it.
 */
export const validatorCompiler: typeof zodValidatorCompiler = (route) =>
  zodValidatorCompiler({ ...route, schema: storableText.pipe(route.schema as z.ZodType) });
