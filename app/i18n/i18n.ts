import { createIntl, createIntlCache, type IntlShape } from 'react-intl';
import { DEFAULT_LOCALE, directionOf, isLocale, negotiateLocale, type Locale } from '../../domain/locale.js';
import type { MessageKey } from './message-key.js';

export type { MessageKey };
export type MessageValues = Record<string, string | number | Date | null | undefined>;

type Catalog = Record<MessageKey, string>;

// Each language's catalog is its own chunk: a person downloads only the language they read.
const catalogLoaders = import.meta.glob<Catalog>('./catalogs/*.json', { import: 'default' });

/** Where a choice made before signing in (or on this device) is kept between visits. */
const CHOSEN_LOCALE = 'hearth.locale';

const cache = createIntlCache();
let intl: IntlShape | null = null;
const listeners = new Set<() => void>();

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
  if (intl?.locale === locale) return;
  const load = catalogLoaders[`./catalogs/${locale}.json`];
  if (!load) throw new Error(`No catalog for ${locale}`);
  const messages = await load();
  intl = createIntl(
    {
      locale,
      messages,
      defaultLocale: DEFAULT_LOCALE,
      // A missing message is a build failure (MessageKey) and a test failure (catalog parity), so
      // at run time there is nothing useful to report to a person.
      onError: (error) => console.error(error),
    },
    cache,
  );
  document.documentElement.lang = locale;
  document.documentElement.dir = directionOf(locale);
  for (const listener of listeners) listener();
}

/** The current language's formatter, for code outside React (the API client). */
export function currentIntl(): IntlShape {
  if (!intl) throw new Error('setLocale() must finish before the app renders');
  return intl;
}

/** Subscribe to language changes (useSyncExternalStore). */
export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A message of the current language, outside React. Inside components use `useT()`. */
export function translate(key: MessageKey, values?: MessageValues): string {
  return currentIntl().formatMessage({ id: key }, values);
}
