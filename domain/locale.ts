/**
 * The languages Hearth speaks, and how a person's language is chosen. Adding a language is adding
 * its code here and its catalog files (docs/i18n.md); everything else reads this list.
 */
export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

/** The language used when nothing else is known: the practice's default starts as this. */
export const DEFAULT_LOCALE: Locale = 'en';

/** Each language's name in itself, for the language switcher ("Español", never "Spanish"). */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español' };

// Scripts written right to left; a catalog in one of these gets dir="rtl" on <html>.
const RIGHT_TO_LEFT = new Set(['ar', 'fa', 'he', 'ur', 'yi']);

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The text direction of a language. */
export function directionOf(locale: string): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(primaryLanguage(locale)) ? 'rtl' : 'ltr';
}

function primaryLanguage(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

/**
 * The first supported language among a person's preferences (most preferred first; "es-MX"
 * counts as "es"), else the fallback. An unknown or malformed tag is skipped, never an error.
 */
export function negotiateLocale(preferences: readonly (string | null | undefined)[], fallback: Locale): Locale {
  for (const tag of preferences) {
    if (!tag) continue;
    const language = primaryLanguage(tag);
    if (isLocale(language)) return language;
  }
  return fallback;
}

/** The language tags of an Accept-Language header, most preferred first (RFC 9110 §12.5.4). */
export function parseAcceptLanguage(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      // The weight is "q" in any case; a malformed or out-of-range one (q=abc, q=2) counts as not wanted.
      const q = params.map((p) => /^\s*q\s*=\s*(\S*)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      const weight = q === undefined ? 1 : /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(q) ? Number(q) : 0;
      return { tag: tag.trim(), weight, index };
    })
    .filter((entry) => entry.tag && entry.tag !== '*' && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((entry) => entry.tag);
}
