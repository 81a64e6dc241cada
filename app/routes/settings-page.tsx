import { Link } from 'react-router';
import { ADMIN_ROLES } from '../../domain/roles.js';
import { NoteSettingsSection } from '../features/notes/note-settings.js';
import { RetentionSettings } from '../features/data-rights/retention-settings.js';
import { SafetySettings } from '../features/measures/safety-settings.js';
import { useT } from '../i18n/use-t.js';
import { DefaultLanguage, PracticeCountry } from '../features/practice/practice-choice.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';

/**
 * The practice's own settings, for its owners and admins: safety alerts, how long records are
 * kept, erasure requests, and where e-mail goes.
 */
export function SettingsPage() {
  const t = useT();
  usePageTitle(t('settings.title'));
  return (
    <RequireViewer roles={ADMIN_ROLES}>
      {(viewer) => (
        <>
          <h1>{t('settings.title')}</h1>
          <p className="lead">{t('settings.lead', { practice: viewer.practice.name })}</p>
          <SafetySettings />
          <section className="card" aria-labelledby="lexicon-link-heading">
            <h2 id="lexicon-link-heading">{t('settings.lexicon.heading')}</h2>
            <p>{t('settings.lexicon.body')}</p>
            <p>
              <Link to="/settings/crisis-language">{t('settings.lexicon.link')}</Link>
            </p>
          </section>
          <DefaultLanguage viewer={viewer} />
          <PracticeCountry viewer={viewer} />
          <RetentionSettings />
          <NoteSettingsSection />
          <section className="card" aria-labelledby="erasure-link-heading">
            <h2 id="erasure-link-heading">{t('settings.erasure.heading')}</h2>
            <p>{t('settings.erasure.body')}</p>
            <p>
              <Link to="/erasure-requests">{t('settings.erasure.link')}</Link>
            </p>
          </section>
          <section className="card" aria-labelledby="outbox-link-heading">
            <h2 id="outbox-link-heading">{t('settings.email.heading')}</h2>
            <p>{t('settings.email.body')}</p>
            <p>
              <Link to="/settings/outbox">{t('settings.email.outboxLink')}</Link>
            </p>
          </section>
        </>
      )}
    </RequireViewer>
  );
}
