import { Link, useRouteError } from 'react-router';
import { useT } from '../i18n/use-t.js';
import { usePageTitle } from '../ui/page-title.js';

/** Shown when a page fails to draw: calm words and a way on; the details go to the console only. */
export function ErrorPage() {
  const t = useT();
  usePageTitle(t('error.title'));
  console.error(useRouteError());
  return (
    <main id="main" className="error-page">
      <h1>{t('error.heading')}</h1>
      <p>{t('error.notYou')}</p>
      <p>{t('error.reload')}</p>
      <p>
        <Link to="/">{t('error.home')}</Link> · <Link to="/help">{t('error.help')}</Link>
      </p>
    </main>
  );
}
