import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import type { Group } from '../../api/groups.js';
import { formatInstant } from '../../ui/format.js';
import { ProblemSummary } from '../../ui/problem-summary.js';

/** What a closed or archived group's pages say at the top: the record is there to read. */
export function ReadOnlyNotice({ group }: { group: Group }) {
  if (group.status === 'active') return null;
  return (
    <p className="notice">
      {group.status === 'archived'
        ? `This group was archived on ${formatInstant(group.archivedAt!)}. It is hidden from the group lists.`
        : `This group’s cycle ended on ${formatInstant(group.closedAt!)}.`}{' '}
      Its record (members, sessions, attendance and measures) stays here to read; nothing in it can be changed.
    </p>
  );
}

/**
 * The end of a group: ending its cycle (on its own page, one discharge per member) and archiving
 * or restoring it, each after saying what will happen.
 */
export function GroupLifecycle({ group, mayManage }: { group: Group; mayManage: boolean }) {
  const changed = useChanged();
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState('');
  const archive = group.status !== 'archived';
  const change = useMutation({
    mutationFn: () => api<Group>(`/api/groups/${group.id}/archive`, { method: archive ? 'PUT' : 'DELETE' }),
    onSuccess: () => {
      void changed({ group: group.id }, 'groups');
      setConfirming(false);
      setDone(archive ? 'Archived.' : 'Restored.');
    },
  });
  if (!mayManage) return null;
  return (
    <section className="card" aria-labelledby="lifecycle-heading">
      <h2 id="lifecycle-heading">End of the group</h2>
      <div role="status">{done && <p className="notice notice--success">{done}</p>}</div>
      {group.status === 'active' && (
        <p>
          When the group’s cycle ends, discharge each member (a reason and a short summary; end measures go out), then
          close the group. <Link to={`/groups/${group.id}/end-cycle`}>End this cycle</Link>
        </p>
      )}
      {change.error && <ProblemSummary title="That was not done" message={change.error.message} />}
      {confirming ? (
        <div className="confirm" role="group" aria-labelledby="archive-confirm">
          <p id="archive-confirm">
            {archive
              ? 'Archiving hides this group from the group lists and makes its record read-only. Sessions still to come and the public link are removed. Everyone must be discharged first. You can restore it later.'
              : `Restoring puts this group back in the group lists, ${group.closedAt ? 'closed as it was' : 'active, so it can be changed again'}.`}
          </p>
          <div className="actions">
            <button type="button" className="button" disabled={change.isPending} onClick={() => change.mutate()}>
              {archive ? 'Archive the group' : 'Restore the group'}
            </button>
            <button type="button" className="button button--quiet" onClick={() => setConfirming(false)}>
              {archive ? 'Keep it as it is' : 'Leave it archived'}
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
            {archive ? 'Archive this group…' : 'Restore this group…'}
          </button>
        </p>
      )}
    </section>
  );
}
