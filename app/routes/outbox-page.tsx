import { Link } from 'react-router';
import { ADMIN_ROLES } from '../../domain/roles.js';
import { OutboxMessages } from '../features/practice/outbox.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';

/** The e-mail Hearth has kept instead of sending, on its own page under the practice's settings. */
export function OutboxPage() {
  usePageTitle('E-mail outbox');
  return (
    <RequireViewer roles={ADMIN_ROLES}>
      {() => (
        <>
          <p>
            <Link to="/settings">Practice settings</Link>
          </p>
          <h1>E-mail outbox</h1>
          <OutboxMessages />
        </>
      )}
    </RequireViewer>
  );
}
