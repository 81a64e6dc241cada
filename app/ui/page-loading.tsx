import { useT } from '../i18n/use-t.js';

/** Shown for the moment a page's own script is fetched on its first visit. */
export function PageLoading() {
  const t = useT();
  return (
    <main className="page-loading">
      <p role="status">{t('layout.loading')}</p>
    </main>
  );
}
