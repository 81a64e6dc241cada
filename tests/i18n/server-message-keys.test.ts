import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const en = JSON.parse(readFileSync('server/i18n/catalogs/en.json', 'utf8')) as Record<string, string>;

/**
 * A refusal is named by a key of the server's catalog, never by an English sentence, so a Spanish
 * reader gets it in Spanish (docs/decisions/0035): route schemas' messages and HttpProblem's.
 */
const SENTENCE_AS_MESSAGE = [
  // .min(1, 'Write …'), .refine(check, 'Mark …'): a message argument that is a sentence.
  /,\s*'([A-Z][^']*)'\s*\)/g,
  // { error: 'Choose …' } / { message: 'Choose …' }
  /\b(?:error|message):\s*'([A-Z][^']*)'/g,
  // new HttpProblem(400, 'Something …')
  /new HttpProblem\(\s*\d+,\s*'([^']*)'/g,
];
const KEY_AS_MESSAGE =
  /(?:\.(?:min|max|length|regex|refine|email|url)\([^;]*?,\s*|\b(?:error|message):\s*)'(problem\.[\w.]+)'/g;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

/** The English sentences a file gives as a refusal's message, and keys it uses that the catalog lacks. */
export function refusalsNotInCatalog(text: string, catalog: Record<string, string>): string[] {
  const found = new Set<string>();
  for (const pattern of SENTENCE_AS_MESSAGE)
    for (const match of text.matchAll(pattern)) if (!Object.hasOwn(catalog, match[1]!)) found.add(match[1]!);
  for (const match of text.matchAll(KEY_AS_MESSAGE)) if (!Object.hasOwn(catalog, match[1]!)) found.add(match[1]!);
  return [...found];
}

describe('the server names a refusal by a key of its catalog', () => {
  it('finds a sentence where a key belongs', () => {
    expect(refusalsNotInCatalog(".min(1, 'Mark at least one person.')", en)).toEqual(['Mark at least one person.']);
    expect(refusalsNotInCatalog("z.enum(X, { error: 'Choose one.' })", en)).toEqual(['Choose one.']);
    expect(refusalsNotInCatalog("throw new HttpProblem(404, 'Not here')", en)).toEqual(['Not here']);
    expect(refusalsNotInCatalog(".max(9, 'problem.nowhere.inTheCatalog')", en)).toEqual([
      'problem.nowhere.inTheCatalog',
    ]);
    expect(refusalsNotInCatalog(".max(9, 'problem.field.atMostCharacters')", en)).toEqual([]);
  });

  it('in every route schema and every HttpProblem', () => {
    const found = files('server').flatMap((path) =>
      refusalsNotInCatalog(readFileSync(path, 'utf8'), en).map((message) => `${path}: ${message}`),
    );
    // The rate limit's message is never read: the error handler words a 429 from its status.
    expect(found.filter((f) => f !== 'server/app.ts: Too many attempts.')).toEqual([]);
  });
});
