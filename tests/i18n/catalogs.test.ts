import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import IntlMessageFormat from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../domain/locale.js';

/**
 * Every catalog of every surface (the web app here, the server's e-mails and problems wherever
 * a `catalogs` folder holds them) must have the same keys in every language, the same
 * placeholders, and parse as ICU MessageFormat: a missing key never reaches a person.
 */
const CATALOG_FOLDERS = ['app/i18n/catalogs', 'server/i18n/catalogs'].filter((dir) => {
  try {
    return readdirSync(dir).length > 0;
  } catch {
    return false;
  }
});

function load(dir: string, locale: string): Record<string, string> {
  return JSON.parse(readFileSync(join(dir, `${locale}.json`), 'utf8')) as Record<string, string>;
}

/** Every argument a message uses, with its kind: `{count, plural, …}` → "count:plural". */
function placeholders(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
    if (element.type === TYPE.tag) {
      into.add(`<${element.value}>`);
      placeholders(element.children, into);
      continue;
    }
    into.add(`${element.value}:${TYPE[element.type]}`);
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      for (const option of Object.values(element.options)) placeholders(option.value, into);
    }
  }
  return into;
}

function hasPlural(elements: MessageFormatElement[]): string[] {
  return elements.flatMap((e) =>
    e.type === TYPE.plural ? [e.value] : e.type === TYPE.tag ? hasPlural(e.children) : [],
  );
}

describe.each(CATALOG_FOLDERS)('the catalogs in %s', (dir) => {
  const english = load(dir, 'en');

  it('list exactly the languages Hearth speaks', () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''));
    expect(files.sort()).toEqual([...LOCALES].sort());
  });

  it.each(LOCALES.filter((l) => l !== 'en'))('%s has every English key and no other', (locale) => {
    const other = load(dir, locale);
    expect(
      Object.keys(other).filter((k) => !(k in english)),
      'keys English lacks',
    ).toEqual([]);
    expect(
      Object.keys(english).filter((k) => !(k in other)),
      'keys missing in ' + locale,
    ).toEqual([]);
  });

  it.each([...LOCALES])('%s: every message parses, with the same placeholders as English', (locale) => {
    const catalog = load(dir, locale);
    for (const [key, message] of Object.entries(catalog)) {
      expect(message.trim(), `${key} is empty`).not.toBe('');
      let ast: MessageFormatElement[];
      try {
        ast = parse(message);
      } catch (error) {
        throw new Error(`${locale} ${key} does not parse: ${(error as Error).message}`);
      }
      const englishArgs = [...placeholders(parse(english[key] ?? ''))].sort();
      expect([...placeholders(ast)].sort(), `${locale} ${key}`).toEqual(englishArgs);
    }
  });

  it.each([...LOCALES])('%s: keys are sorted, so parallel edits merge cleanly', (locale) => {
    const keys = Object.keys(load(dir, locale));
    expect(keys).toEqual([...keys].sort());
  });

  it.each([...LOCALES])('%s: plural messages read right for 0, 1, 2 and 5', (locale) => {
    const catalog = load(dir, locale);
    for (const [key, message] of Object.entries(catalog)) {
      const counts = hasPlural(parse(message));
      if (counts.length === 0) continue;
      // A message with a link or emphasis (`<link>…</link>`) is given its tags as functions, as t.rich() does.
      const tags = [...placeholders(parse(message))].filter((p) => p.startsWith('<')).map((p) => p.slice(1, -1));
      const tag = (chunks: string[]) => chunks.join('');
      for (const n of [0, 1, 2, 5]) {
        const values = new Proxy({} as Record<string, unknown>, {
          get: (_target, name) =>
            typeof name !== 'string' ? 'x' : counts.includes(name) ? n : tags.includes(name) ? tag : 'x',
          has: () => true,
        });
        const text = new IntlMessageFormat(message, locale).format(values as never) as string;
        expect(text, `${locale} ${key} for ${n}`).not.toMatch(/\{|\}/);
        if (n >= 2) expect(text, `${locale} ${key} for ${n}`).toContain(new Intl.NumberFormat(locale).format(n));
      }
    }
  });
});
