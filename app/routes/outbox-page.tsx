import { Link } from 'react-router';
import { ADMIN_ROLES } from '../../domain/roles.js';
import { OutboxMessages } from '../features/practice/outbox.js';
import { useT } from '../i18n/use-t.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';

/** The e-mail Hearth has kept instead of sending, on its own page under the practice's settings. */
export function OutboxPage() {
  const t = useT();
  usePageTitle(t('outboxPage.title'));
  return (
    <RequireViewer roles={ADMIN_ROLES}>
      {() => (
        <>
          <p>
            <Link to="/settings">{t('outboxPage.back')}</Link>
          </p>
          <h1>{t('outboxPage.title')}</h1>
          <OutboxMessages />
        </>
      )}
    </RequireViewer>
  );
}
