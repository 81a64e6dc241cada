import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { GROUP_LEAD_ROLES, STAFF_ROLES } from '../../domain/roles.js';
import { api } from '../api/client.js';
import { groupKeys, type Group } from '../api/groups.js';
import type { Viewer } from '../api/session.js';
import { labelKey } from '../i18n/labels.js';
import { useT } from '../i18n/use-t.js';
import { useFormat } from '../ui/format.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';

/** The groups a clinician runs, or all of the practice's for admins and supervisors. */
export function GroupsPage() {
  const t = useT();
  usePageTitle(t('groups.title'));
  return <RequireViewer roles={STAFF_ROLES}>{(viewer) => <Groups viewer={viewer} />}</RequireViewer>;
}

function Groups({ viewer }: { viewer: Viewer }) {
  const t = useT();
  const format = useFormat();
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
      <h1>{t('groups.title')}</h1>
      <p className="lead">
        {viewer.practice.role === 'clinician'
          ? t('groups.leadClinician')
          : t('groups.leadPractice', { practice: viewer.practice.name })}
      </p>
      {mayCreate && (
        <p>
          <Link className="button" to="/groups/new">
            {t('groups.new')}
          </Link>
        </p>
      )}
      {groups.isPending && <p role="status">{t('groups.loading')}</p>}
      {groups.isError && <p role="alert">{t('groups.loadFailed')}</p>}
      {groups.data?.groups.length === 0 && <p>{mayCreate ? t('groups.noneCreate') : t('groups.none')}</p>}
      <ul className="list list--cards">
        {groups.data?.groups.map((group) => (
          <li key={group.id} className="card">
            <h2 className="card__title">
              <Link to={`/groups/${group.id}`}>{group.name}</Link>{' '}
              {group.status === 'closed' && <span className="tag">{t('groups.cycleEnded')}</span>}
            </h2>
            <p className="muted">
              {t('groups.summary', {
                modality: t(labelKey('modality', group.modality)),
                format: t(labelKey('format', group.format)),
                meetingMode: t(labelKey('meetingMode', group.meetingMode)),
                capacity: group.capacity,
              })}
            </p>
            <p>
              {t('groups.facilitatedBy', {
                names: format.list(group.facilitators.map((f) => f.name)),
              })}
            </p>
          </li>
        ))}
      </ul>
      <details className="card" onToggle={(e) => setShowArchived(e.currentTarget.open)}>
        <summary>{t('groups.archived')}</summary>
        <p className="muted">{t('groups.archivedHint')}</p>
        {archived.isPending && showArchived && <p role="status">{t('groups.loading')}</p>}
        {archived.data?.groups.length === 0 && <p>{t('groups.archivedNone')}</p>}
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
