import { useMutation } from '@tanstack/react-query';
import { LOCALES, LOCALE_NAMES, type Locale } from '../../domain/locale.js';
import { useChanged } from '../api/changes.js';
import { useViewer } from '../api/session.js';
import { savePreferences } from '../features/account/account-language.js';
import { setLocale } from '../i18n/i18n.js';
import { useT } from '../i18n/use-t.js';

/**
 * The footer's language choice, on every page. Switching re-renders the page in place, so a
 * half-written form keeps every word; when someone is signed in, the choice is saved on their
 * account too, so their e-mails and their other devices follow. Each language is named in itself
 * and marked with its own `lang`, so a screen reader pronounces "Español" as Spanish.
 */
export function LanguageSwitcher() {
  const t = useT();
  const viewer = useViewer();
  const changed = useChanged();
  const save = useMutation({
    mutationFn: (locale: Locale) => savePreferences({ locale }),
    // Saved: what the server worded in the old language is asked for again.
    onSuccess: () => changed('language'),
  });
  const choose = (locale: Locale) => {
    void setLocale(locale, { remember: true });
    if (viewer.data && viewer.data.locale !== locale) save.mutate(locale);
  };
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
              onClick={() => choose(locale)}
            >
              {LOCALE_NAMES[locale]}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
