import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import { DEFAULT_LOCALE, directionOf, isLocale, negotiateLocale, type Locale } from '../../domain/locale.js';
import type { MessageKey } from './message-key.js';

export type { MessageKey };
export type MessageValues = Record<string, string | number | Date | null | undefined>;

/**
 * A message as the build compiled it (vite.config.ts, decision 0047): plain text, or the parsed
 * form intl-messageformat formats. The browser never parses a message.
 */
type Compiled = string | MessageFormatElement[];
type Catalog = Partial<Record<MessageKey, Compiled>>;
type Part = 'first' | 'rest';

// Each language's catalog is two chunks of its own: a person downloads only the language they
// read, and the keys of the first pages before the rest (app/i18n/catalog-parts.ts).
const partLoaders: Record<Part, Record<string, () => Promise<Catalog>>> = {
  first: import.meta.glob<Catalog>('./catalogs/*.json', { query: { part: 'first' }, import: 'default' }),
  rest: import.meta.glob<Catalog>('./catalogs/*.json', { query: { part: 'rest' }, import: 'default' }),
};

/** Where a choice made before signing in (or on this device) is kept between visits. */
const CHOSEN_LOCALE = 'hearth.locale';

/** The current language's messages, formatted. */
export interface Messages {
  locale: Locale;
  /** A message with its values; with tag functions among the values, the parts they made. */
  format<T>(key: MessageKey, values?: Record<string, unknown>): string | T | Array<string | T>;
}

let messages: Messages | null = null;
/** Whether the rest of the catalog has been asked for: a change of language then loads it too. */
let restWanted = false;
let pending: Promise<void> = Promise.resolve();
const listeners = new Set<() => void>();

function formatterFor(locale: Locale, catalog: Catalog): Messages {
  const formats = new Map<MessageKey, IntlMessageFormat>();
  return {
    locale,
    format(key, values) {
      const message = catalog[key];
      if (message === undefined) {
        // A key missing from English fails the type check, and the catalogs' test checks every
        // language; one missing here is a key of the rest before it loaded (catalog-parts.ts).
        console.error(`No message ${key} (${locale}) yet`);
        return key;
      }
      if (typeof message === 'string') return message;
      let format = formats.get(key);
      if (!format) {
        format = new IntlMessageFormat(message, locale);
        formats.set(key, format);
      }
      try {
        return format.format(values as never) as never;
      } catch (error) {
        // A value the message needs was not given: a programming error the type check cannot see.
        console.error(error);
        return key;
      }
    },
  };
}

async function load(locale: Locale, part: Part): Promise<Catalog> {
  const loader = partLoaders[part][`./catalogs/${locale}.json`];
  if (!loader) throw new Error(`No catalog for ${locale}`);
  return loader();
}

/** The catalog of a language: its first part, and the rest once anything has asked for it. */
async function switchTo(locale: Locale, withRest: boolean): Promise<void> {
  const parts = await Promise.all([load(locale, 'first'), withRest ? load(locale, 'rest') : {}]);
  messages = formatterFor(locale, Object.assign({}, ...parts) as Catalog);
  document.documentElement.lang = locale;
  document.documentElement.dir = directionOf(locale);
  for (const listener of listeners) listener();
}

/** The language to start in: the one chosen on this device, else the browser's preferences. */
export function initialLocale(): Locale {
  const chosen = readChoice();
  return chosen ?? negotiateLocale(navigator.languages ?? [navigator.language], DEFAULT_LOCALE);
}

/** Whether a language was chosen on this device (the footer's switcher), before or after signing in. */
export function hasDeviceChoice(): boolean {
  return readChoice() !== null;
}

function readChoice(): Locale | null {
  try {
    const value = localStorage.getItem(CHOSEN_LOCALE);
    return isLocale(value) ? value : null;
  } catch {
    return null; // storage can be turned off; the browser's preference then decides
  }
}

/**
 * Switch the whole app to a language: load its catalog, then re-render every page in place (the
 * page's state, including what a person was typing, is kept). `remember` keeps the choice on
 * this device; `forget` lets this device follow the account (or the practice) again.
 */
export async function setLocale(
  locale: Locale,
  { remember = false, forget = false }: { remember?: boolean; forget?: boolean } = {},
): Promise<void> {
  try {
    if (remember) localStorage.setItem(CHOSEN_LOCALE, locale);
    if (forget) localStorage.removeItem(CHOSEN_LOCALE);
  } catch {
    // Storage can be turned off; the account's saved language still applies when signed in.
  }
  if (messages?.locale === locale) return;
  // One change at a time, so a late catalog never replaces the language chosen after it.
  pending = pending
    .catch(() => undefined)
    .then(() => (messages?.locale === locale ? undefined : switchTo(locale, restWanted)));
  return pending;
}

/**
 * The rest of the current language's catalog, for the pages loaded when first visited (`page()`
 * in app/main.tsx): it loads with the page's own script, and once only.
 */
export async function loadRestOfCatalog(): Promise<void> {
  if (restWanted) return pending;
  // Asked for before the first language is set (a page loaded when visited is the first page):
  // setLocale() then loads both parts at once.
  restWanted = true;
  pending = pending
    .catch(() => undefined)
    .then(() => (messages ? switchTo(messages.locale, true) : undefined))
    .catch((error: unknown) => {
      restWanted = false; // the next page to need it asks again
      throw error;
    });
  return pending;
}

/** The current language's messages, for code outside React (the API client). */
export function currentIntl(): Messages {
  if (!messages) throw new Error('setLocale() must finish before the app renders');
  return messages;
}

/** Subscribe to language changes (useSyncExternalStore). */
export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A message of the current language, outside React. Inside components use `useT()`. */
export function translate(key: MessageKey, values?: MessageValues): string {
  return String(currentIntl().format(key, values));
}
