import { Link } from 'react-router';
import { useT } from '../i18n/use-t.js';
import { usePageTitle } from '../ui/page-title.js';

/** Any address the app does not know. */
export function NotFoundPage() {
  const t = useT();
  usePageTitle(t('notFound.title'));
  return (
    <>
      <h1>{t('notFound.heading')}</h1>
      <p>{t('notFound.detail')}</p>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </>
  );
}
