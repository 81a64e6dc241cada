import type { FastifyRequest } from 'fastify';
import fs from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import {
  DEFAULT_LOCALE,
  isLocale,
  LOCALES,
  negotiateLocale,
  parseAcceptLanguage,
  type Locale,
} from '../../domain/locale.js';
import type en from '../i18n/catalogs/en.json';
import { projectRoot } from './project-root.js';

/**
 * The server's words (e-mails, problem details, calendar texts, export headers) in each language
 * Hearth speaks, from `server/i18n/catalogs/<locale>.json` in ICU MessageFormat (docs/decisions/0033).
 */
export type ServerMessageKey = keyof typeof en;
export type ServerMessageValues = Record<string, string | number | Date | null | undefined>;

/** Words in one language. */
export interface Translator {
  readonly locale: Locale;
  t(key: ServerMessageKey, values?: ServerMessageValues): string;
}

type Catalog = Record<ServerMessageKey, string>;

// Catalogs are read once, from the sources (they are data, not compiled code); a missing or
// unparsable one stops start-up rather than showing a raw key to a person.
const catalogs = new Map<Locale, Catalog>();
const compiled = new Map<string, IntlMessageFormat>();

function catalogOf(locale: Locale): Catalog {
  let catalog = catalogs.get(locale);
  if (!catalog) {
    const file = path.join(projectRoot(), 'server', 'i18n', 'catalogs', `${locale}.json`);
    catalog = JSON.parse(fs.readFileSync(file, 'utf8')) as Catalog;
    catalogs.set(locale, catalog);
  }
  return catalog;
}

/** The translator for a language (an unknown one reads as the default language). */
export function translator(locale: string | null | undefined): Translator {
  const language: Locale = isLocale(locale) ? locale : DEFAULT_LOCALE;
  return {
    locale: language,
    t(key, values) {
      const id = `${language}\u0000${key}`;
      let format = compiled.get(id);
      if (!format) {
        const message = catalogOf(language)[key] ?? catalogOf(DEFAULT_LOCALE)[key];
        if (message === undefined) throw new Error(`No message ${key}`);
        format = new IntlMessageFormat(message, language);
        compiled.set(id, format);
      }
      return String(format.format(values));
    },
  };
}

/** Loads every catalog now, so a broken one fails at start-up, not in a person's e-mail. */
export function loadCatalogs(): void {
  for (const locale of LOCALES) catalogOf(locale);
}

/**
 * Whose language a message is in: the person's saved choice, else their practice's default, else
 * what their browser asks for (Accept-Language), else English. Unknown values are skipped.
 */
export function chooseLocale(choices: {
  saved?: string | null;
  practiceDefault?: string | null;
  acceptLanguage?: string | undefined;
}): Locale {
  if (isLocale(choices.saved)) return choices.saved;
  if (isLocale(choices.practiceDefault)) return choices.practiceDefault;
  return negotiateLocale(parseAcceptLanguage(choices.acceptLanguage), DEFAULT_LOCALE);
}

/** The translator for the language a request asks for (the web app sends the reader's own). */
export function requestTranslator(request: FastifyRequest): Translator {
  return translator(chooseLocale({ acceptLanguage: request.headers['accept-language'] }));
}
