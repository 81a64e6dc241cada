import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * Characters no input of Hearth ever needs, and PostgreSQL cannot store (NUL) or stores altered
 * (half a surrogate pair): control characters other than tab and line breaks, and lone surrogates.
 */
const UNSTORABLE = /[^\P{Cc}\t\n\r]|\p{Cs}/u;
const UNSTORABLE_MESSAGE = 'Remove the hidden control character from this field.';

/** Every string (and object key) in a request part that holds an unstorable character, by its path. */
function unstorable(value: unknown, at: PropertyKey[], found: PropertyKey[][]): void {
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value)) found.push(at);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => unstorable(item, [...at, i], found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (UNSTORABLE.test(key)) found.push(at);
      unstorable(item, [...at, key], found);
    }
  }
}

/** Refuses unstorable characters anywhere in a request part before its own schema runs. */
const storableText = z.unknown().superRefine((value, ctx) => {
  const found: PropertyKey[][] = [];
  unstorable(value, [], found);
  for (const path of found) ctx.addIssue({ code: 'custom', path, message: UNSTORABLE_MESSAGE });
});

/**
 * The validator every route's params, query and body go through: the route's Zod schema, behind
 * one check that holds for every schema, present and future, so no route has to remember it.
 */
export const validatorCompiler: typeof zodValidatorCompiler = (route) =>
  zodValidatorCompiler({ ...route, schema: storableText.pipe(route.schema as z.ZodType) });
