import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import type { Group } from '../../api/groups.js';
import { useT } from '../../i18n/use-t.js';
import { useFormat } from '../../ui/format.js';
import { ProblemSummary } from '../../ui/problem-summary.js';

/** What a closed or archived group's pages say at the top: the record is there to read. */
export function ReadOnlyNotice({ group }: { group: Group }) {
  const t = useT();
  const format = useFormat();
  if (group.status === 'active') return null;
  return (
    <p className="notice">
      {group.status === 'archived'
        ? t('groupLifecycle.archivedNotice', { on: format.instant(group.archivedAt!) })
        : t('groupLifecycle.closedNotice', { on: format.instant(group.closedAt!) })}
    </p>
  );
}

/**
 * The end of a group: ending its cycle (on its own page, one discharge per member) and archiving
 * or restoring it, each after saying what will happen.
 */
export function GroupLifecycle({ group, mayManage }: { group: Group; mayManage: boolean }) {
  const t = useT();
  const changed = useChanged();
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState('');
  const archive = group.status !== 'archived';
  const change = useMutation({
    mutationFn: () => api<Group>(`/api/groups/${group.id}/archive`, { method: archive ? 'PUT' : 'DELETE' }),
    onSuccess: () => {
      void changed({ group: group.id }, 'groups');
      setConfirming(false);
      setDone(archive ? t('groupLifecycle.archived') : t('groupLifecycle.restored'));
    },
  });
  if (!mayManage) return null;
  return (
    <section className="card" aria-labelledby="lifecycle-heading">
      <h2 id="lifecycle-heading">{t('groupLifecycle.heading')}</h2>
      <div role="status">{done && <p className="notice notice--success">{done}</p>}</div>
      {group.status === 'active' && (
        <p>
          {t.rich('groupLifecycle.endCycle', {
            link: (chunks) => <Link to={`/groups/${group.id}/end-cycle`}>{chunks}</Link>,
          })}
        </p>
      )}
      {change.error && <ProblemSummary title={t('groupLifecycle.notDone')} message={change.error.message} />}
      {confirming ? (
        <div className="confirm" role="group" aria-labelledby="archive-confirm">
          <p id="archive-confirm">
            {archive
              ? t('groupLifecycle.archiveConfirm')
              : t('groupLifecycle.restoreConfirm', { closed: group.closedAt ? 'yes' : 'no' })}
          </p>
          <div className="actions">
            <button type="button" className="button" disabled={change.isPending} onClick={() => change.mutate()}>
              {archive ? t('groupLifecycle.archive') : t('groupLifecycle.restore')}
            </button>
            <button type="button" className="button button--quiet" onClick={() => setConfirming(false)}>
              {archive ? t('groupLifecycle.keep') : t('groupLifecycle.leaveArchived')}
            </button>
          </div>
        </div>
      ) : (
        <p>
          <button
            type="button"
            className="button button--quiet"
            onClick={() => {
              setDone('');
              setConfirming(true);
            }}
          >
            {archive ? t('groupLifecycle.archiveStart') : t('groupLifecycle.restoreStart')}
          </button>
        </p>
      )}
    </section>
  );
}
