import { LOCALES, LOCALE_NAMES } from '../../domain/locale.js';
import { setLocale } from '../i18n/i18n.js';
import { useT } from '../i18n/use-t.js';

/**
 * The footer's language choice, on every page. Switching re-renders the page in place, so a
 * half-written form keeps every word. Each language is named in itself and marked with its own
 * `lang`, so a screen reader pronounces "Español" as Spanish.
 */
export function LanguageSwitcher() {
  const t = useT();
  return (
    <nav className="language-switcher" aria-label={t('layout.language.label')}>
      <ul>
        {LOCALES.map((locale) => (
          <li key={locale}>
            <button
              type="button"
              className="link-button"
              lang={locale}
              aria-current={locale === t.locale ? 'true' : undefined}
              onClick={() => void setLocale(locale, { remember: true })}
            >
              {LOCALE_NAMES[locale]}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
