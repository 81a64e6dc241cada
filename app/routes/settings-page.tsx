import { Link } from 'react-router';
import { ADMIN_ROLES } from '../../domain/roles.js';
import { RetentionSettings } from '../features/data-rights/retention-settings.js';
import { SafetySettings } from '../features/measures/safety-settings.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';

/**
 * The practice's own settings, for its owners and admins: safety alerts, how long records are
 * kept, erasure requests, and where e-mail goes.
 */
export function SettingsPage() {
  usePageTitle('Practice settings');
  return (
    <RequireViewer roles={ADMIN_ROLES}>
      {(viewer) => (
        <>
          <h1>Practice settings</h1>
          <p className="lead">How {viewer.practice.name} works in Hearth. People and their roles are under People.</p>
          <SafetySettings />
          <RetentionSettings />
          <section className="card" aria-labelledby="erasure-link-heading">
            <h2 id="erasure-link-heading">Erasure requests</h2>
            <p>Members can ask to be erased. Each request needs an answer within 30 days.</p>
            <p>
              <Link to="/erasure-requests">Open the erasure requests</Link>
            </p>
          </section>
          <section className="card" aria-labelledby="outbox-link-heading">
            <h2 id="outbox-link-heading">E-mail</h2>
            <p>
              Invitations, reminders and alerts go out by e-mail. Until a mail server is set up, Hearth keeps them in an
              outbox instead.
            </p>
            <p>
              <Link to="/settings/outbox">Open the e-mail outbox</Link>
            </p>
          </section>
        </>
      )}
    </RequireViewer>
  );
}
