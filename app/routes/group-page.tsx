import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { STAFF_ROLES } from '../../domain/roles.js';
import { useChanged } from '../api/changes.js';
import { api } from '../api/client.js';
import { groupKeys, type Group, type GroupInput } from '../api/groups.js';
import type { Viewer } from '../api/session.js';
import { GroupForm } from '../features/groups/group-form.js';
import { RosterSection } from '../features/membership/roster.js';
import { SelfReferralLink } from '../features/membership/self-referral-link.js';
import { labelKey } from '../i18n/labels.js';
import { useT } from '../i18n/use-t.js';
import { useFormat } from '../ui/format.js';
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
  const t = useT();
  const format = useFormat();
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
          ? t('group.savedNewAgreement', { version: updated.agreement.version })
          : t('group.saved'),
      );
    },
  });
  usePageTitle(group.data?.name ?? t('group.title'));

  if (group.isPending) return <p role="status">{t('group.loading')}</p>;
  if (group.isError) return <GroupLoadProblem error={group.error} />;
  const g = group.data;
  const mayEdit = mayEditGroup(viewer, g);

  return (
    <>
      <p>
        <Link to="/groups">{t('group.allGroups')}</Link>
      </p>
      <h1>{g.name}</h1>
      <ReadOnlyNotice group={g} />
      <div role="status">{(saved ?? notice) && <p className="notice notice--success">{saved ?? notice}</p>}</div>
      {editing ? (
        <>
          <h2>{t('group.change')}</h2>
          <GroupForm
            group={g}
            viewerId={viewer.user.id}
            submitLabel={t('group.saveChanges')}
            pending={change.isPending}
            error={change.error}
            onSubmit={(input) => change.mutate(input)}
          />
          <p>
            <button type="button" className="button button--quiet" onClick={() => setEditing(false)}>
              {t('group.cancel')}
            </button>
          </p>
        </>
      ) : (
        <>
          <section className="card" aria-labelledby="about-heading">
            <h2 id="about-heading">{t('group.about')}</h2>
            <p className="pre-line">{g.description || t('group.noDescription')}</p>
            <dl className="details">
              <dt>{t('group.kind')}</dt>
              <dd>{t(labelKey('modality', g.modality))}</dd>
              <dt>{t('group.format')}</dt>
              <dd>{t(labelKey('format', g.format))}</dd>
              <dt>{t('group.places')}</dt>
              <dd>{format.number(g.capacity)}</dd>
              <dt>{t('group.meets')}</dt>
              <dd>
                {g.place
                  ? t('group.meetsAt', { mode: t(labelKey('meetingMode', g.meetingMode)), place: g.place })
                  : t(labelKey('meetingMode', g.meetingMode))}
              </dd>
              {g.meetingLink && (
                <>
                  <dt>{t('group.videoLink')}</dt>
                  <dd>{g.meetingLink}</dd>
                </>
              )}
              <dt>{t('group.timeZone')}</dt>
              <dd>{g.timeZone.replace(/_/g, ' ')}</dd>
              <dt>{t('group.facilitators')}</dt>
              <dd>{format.list(g.facilitators.map((f) => f.name))}</dd>
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
                  {t('group.change')}
                </button>
              </p>
            )}
          </section>
          <p className="button-row">
            <Link className="button" to={`/groups/${g.id}/sessions`}>
              {t('group.sessions')}
            </Link>
            <Link className="button" to={`/groups/${g.id}/measures`}>
              {t('group.measures')}
            </Link>
            <Link className="button" to={`/groups/${g.id}/skills`}>
              {t('skills.groupLink')}
            </Link>
            <Link className="button" to={`/groups/${g.id}/space`}>
              {t('space.link.staff')}
            </Link>
          </p>
          <RosterSection groupId={g.id} mayEdit={mayEdit} />
          <SelfReferralLink group={g} mayEdit={mayEdit} />
          <section className="card" aria-labelledby="agreement-heading">
            <h2 id="agreement-heading">{t('group.agreement', { version: g.agreement.version })}</h2>
            <p className="pre-line" translate="no">
              {g.agreement.text}
            </p>
            {history.data && history.data.versions.length > 1 && (
              <details>
                <summary>{t('group.earlierVersions')}</summary>
                <ol className="list">
                  {history.data.versions.slice(1).map((v) => (
                    <li key={v.version} className="list__item">
                      <div>
                        <strong>{t('group.version', { version: v.version })}</strong>
                        <span className="muted">
                          {' '}
                          · {v.createdBy.name} · {format.instant(v.createdAt)}
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
