import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { FORMAT_LABELS, MEETING_MODE_LABELS, MODALITY_LABELS } from '../../domain/groups.js';
import { GROUP_LEAD_ROLES, STAFF_ROLES } from '../../domain/roles.js';
import { api } from '../api/client.js';
import { groupKeys, type Group } from '../api/groups.js';
import type { Viewer } from '../api/session.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';

/** The groups a clinician runs, or all of the practice's for admins and supervisors. */
export function GroupsPage() {
  usePageTitle('Groups');
  return <RequireViewer roles={STAFF_ROLES}>{(viewer) => <Groups viewer={viewer} />}</RequireViewer>;
}

function Groups({ viewer }: { viewer: Viewer }) {
  const groups = useQuery({ queryKey: groupKeys.all, queryFn: () => api<{ groups: Group[] }>('/api/groups') });
  const [showArchived, setShowArchived] = useState(false);
  const archived = useQuery({
    queryKey: groupKeys.archived,
    queryFn: () => api<{ groups: Group[] }>('/api/groups?archived=true'),
    enabled: showArchived,
  });
  const mayCreate = GROUP_LEAD_ROLES.includes(viewer.practice.role);
  return (
    <>
      <h1>Groups</h1>
      <p className="lead">
        {viewer.practice.role === 'clinician'
          ? 'The groups you facilitate.'
          : `Every group in ${viewer.practice.name}.`}
      </p>
      {mayCreate && (
        <p>
          <Link className="button" to="/groups/new">
            New group
          </Link>
        </p>
      )}
      {groups.isPending && <p role="status">Loading…</p>}
      {groups.isError && <p role="alert">The groups could not be loaded. Please reload the page.</p>}
      {groups.data?.groups.length === 0 && <p>No groups yet.{mayCreate ? ' Create the first one.' : ''}</p>}
      <ul className="list list--cards">
        {groups.data?.groups.map((group) => (
          <li key={group.id} className="card">
            <h2 className="card__title">
              <Link to={`/groups/${group.id}`}>{group.name}</Link>{' '}
              {group.status === 'closed' && <span className="tag">Cycle ended</span>}
            </h2>
            <p className="muted">
              {MODALITY_LABELS[group.modality]} · {FORMAT_LABELS[group.format]} ·{' '}
              {MEETING_MODE_LABELS[group.meetingMode]} · up to {group.capacity} members
            </p>
            <p>Facilitated by {group.facilitators.map((f) => f.name).join(' and ')}</p>
          </li>
        ))}
      </ul>
      <details className="card" onToggle={(e) => setShowArchived(e.currentTarget.open)}>
        <summary>Archived groups</summary>
        <p className="muted">Put away from the lists. Their records can be read; nothing in them can be changed.</p>
        {archived.isPending && showArchived && <p role="status">Loading…</p>}
        {archived.data?.groups.length === 0 && <p>None.</p>}
        <ul className="list">
          {archived.data?.groups.map((group) => (
            <li key={group.id} className="list__item">
              <Link to={`/groups/${group.id}`}>{group.name}</Link>
            </li>
          ))}
        </ul>
      </details>
    </>
  );
}
