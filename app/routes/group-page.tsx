import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { FORMAT_LABELS, MEETING_MODE_LABELS, MODALITY_LABELS } from '../../domain/groups.js';
import { STAFF_ROLES } from '../../domain/roles.js';
import { useChanged } from '../api/changes.js';
import { api } from '../api/client.js';
import { groupKeys, type Group, type GroupInput } from '../api/groups.js';
import type { Viewer } from '../api/session.js';
import { GroupForm } from '../features/groups/group-form.js';
import { RosterSection } from '../features/membership/roster.js';
import { SelfReferralLink } from '../features/membership/self-referral-link.js';
import { formatInstant } from '../ui/format.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { GroupLoadProblem, mayEditGroup, mayManageGroup } from '../features/groups/group-access.js';
import { GroupLifecycle, ReadOnlyNotice } from '../features/groups/group-lifecycle.js';

interface AgreementVersion {
  version: number;
  text: string;
  createdAt: string;
  createdBy: { userId: string; name: string };
}

/** One group, as its staff see it: details, agreement and its history, and changes. */
export function GroupPage() {
  return <RequireViewer roles={STAFF_ROLES}>{(viewer) => <GroupView viewer={viewer} />}</RequireViewer>;
}

function GroupView({ viewer }: { viewer: Viewer }) {
  const { groupId = '' } = useParams();
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const changed = useChanged();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const group = useQuery({ queryKey: groupKeys.one(groupId), queryFn: () => api<Group>(`/api/groups/${groupId}`) });
  const history = useQuery({
    queryKey: groupKeys.agreements(groupId),
    queryFn: () => api<{ versions: AgreementVersion[] }>(`/api/groups/${groupId}/agreements`),
    enabled: group.isSuccess,
  });
  const change = useMutation({
    mutationFn: (input: GroupInput) => api<Group>(`/api/groups/${groupId}`, { method: 'PATCH', body: input }),
    onSuccess: (updated, input) => {
      void changed({ group: groupId });
      setEditing(false);
      setSaved(
        input.agreement !== group.data?.agreement.text
          ? `Saved. The agreement is now version ${updated.agreement.version}.`
          : 'Saved.',
      );
    },
  });
  usePageTitle(group.data?.name ?? 'Group');

  if (group.isPending) return <p role="status">Loading…</p>;
  if (group.isError) return <GroupLoadProblem error={group.error} />;
  const g = group.data;
  const mayEdit = mayEditGroup(viewer, g);

  return (
    <>
      <p>
        <Link to="/groups">All groups</Link>
      </p>
      <h1>{g.name}</h1>
      <ReadOnlyNotice group={g} />
      <div role="status">{(saved ?? notice) && <p className="notice notice--success">{saved ?? notice}</p>}</div>
      {editing ? (
        <>
          <h2>Change this group</h2>
          <GroupForm
            group={g}
            viewerId={viewer.user.id}
            submitLabel="Save changes"
            pending={change.isPending}
            error={change.error}
            onSubmit={(input) => change.mutate(input)}
          />
          <p>
            <button type="button" className="button button--quiet" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </p>
        </>
      ) : (
        <>
          <section className="card" aria-labelledby="about-heading">
            <h2 id="about-heading">About</h2>
            <p className="pre-line">{g.description || 'No description yet.'}</p>
            <dl className="details">
              <dt>Kind</dt>
              <dd>{MODALITY_LABELS[g.modality]}</dd>
              <dt>Format</dt>
              <dd>{FORMAT_LABELS[g.format]}</dd>
              <dt>Places</dt>
              <dd>{g.capacity}</dd>
              <dt>Meets</dt>
              <dd>
                {MEETING_MODE_LABELS[g.meetingMode]}
                {g.place ? `, ${g.place}` : ''}
              </dd>
              {g.meetingLink && (
                <>
                  <dt>Video link</dt>
                  <dd>{g.meetingLink}</dd>
                </>
              )}
              <dt>Time zone</dt>
              <dd>{g.timeZone.replace(/_/g, ' ')}</dd>
              <dt>Facilitators</dt>
              <dd>{g.facilitators.map((f) => f.name).join(', ')}</dd>
            </dl>
            {mayEdit && (
              <p>
                <button
                  type="button"
                  className="button button--quiet"
                  onClick={() => {
                    setSaved(null);
                    setEditing(true);
                  }}
                >
                  Change this group
                </button>
              </p>
            )}
          </section>
          <p>
            <Link className="button" to={`/groups/${g.id}/sessions`}>
              Sessions and attendance
            </Link>{' '}
            <Link className="button" to={`/groups/${g.id}/measures`}>
              Measures and progress
            </Link>
          </p>
          <RosterSection groupId={g.id} mayEdit={mayEdit} />
          <SelfReferralLink group={g} mayEdit={mayEdit} />
          <section className="card" aria-labelledby="agreement-heading">
            <h2 id="agreement-heading">Group agreement (version {g.agreement.version})</h2>
            <p className="pre-line">{g.agreement.text}</p>
            {history.data && history.data.versions.length > 1 && (
              <details>
                <summary>Earlier versions</summary>
                <ol className="list">
                  {history.data.versions.slice(1).map((v) => (
                    <li key={v.version} className="list__item">
                      <div>
                        <strong>Version {v.version}</strong>
                        <span className="muted">
                          {' '}
                          · {v.createdBy.name} · {formatInstant(v.createdAt)}
                        </span>
                        <p className="pre-line">{v.text}</p>
                      </div>
                    </li>
                  ))}
                </ol>
              </details>
            )}
          </section>
          <GroupLifecycle group={g} mayManage={mayManageGroup(viewer, g)} />
        </>
      )}
    </>
  );
}
