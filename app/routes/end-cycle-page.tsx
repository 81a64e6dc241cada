import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import {
  DISCHARGE_REASONS,
  DischargeLimit,
  STILL_OPEN,
  type DischargeOutcome,
  type DischargeReason,
} from '../../domain/membership.js';
import { STAFF_ROLES } from '../../domain/roles.js';
import { useChanged } from '../api/changes.js';
import { api } from '../api/client.js';
import { groupKeys, type Group } from '../api/groups.js';
import { membershipKeys, type Roster, type RosterEntry } from '../api/membership.js';
import type { Viewer } from '../api/session.js';
import { GroupLoadProblem, mayEditGroup } from '../features/groups/group-access.js';
import { ReadOnlyNotice } from '../features/groups/group-lifecycle.js';
import { labelKey } from '../i18n/labels.js';
import type { MessageKey } from '../i18n/message-key.js';
import { useT } from '../i18n/use-t.js';
import { fieldId } from '../ui/field-frame.js';
import { useFormat } from '../ui/format.js';
import { formProblems } from '../ui/form-problems.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { SubmitButton } from '../ui/submit-button.js';
import { TextArea } from '../ui/text-area.js';

/** Ending a group's cycle: a discharge for each member, then the group closes. */
export function EndCyclePage() {
  return <RequireViewer roles={STAFF_ROLES}>{(viewer) => <EndCycle viewer={viewer} />}</RequireViewer>;
}

function EndCycle({ viewer }: { viewer: Viewer }) {
  const t = useT();
  const format = useFormat();
  const { groupId = '' } = useParams();
  const changed = useChanged();
  const group = useQuery({ queryKey: groupKeys.one(groupId), queryFn: () => api<Group>(`/api/groups/${groupId}`) });
  const roster = useQuery({
    queryKey: membershipKeys.roster(groupId),
    queryFn: () => api<Roster>(`/api/groups/${groupId}/members`),
  });
  const [confirming, setConfirming] = useState(false);
  const close = useMutation({
    mutationFn: () => api<Group>(`/api/groups/${groupId}/closure`, { method: 'POST' }),
    onSuccess: () => {
      void changed({ group: groupId }, 'groups');
      setConfirming(false);
    },
  });
  usePageTitle(group.data ? t('endCycle.titleOf', { group: group.data.name }) : t('endCycle.title'));

  if (group.isPending || roster.isPending) return <p role="status">{t('endCycle.loading')}</p>;
  if (group.isError) return <GroupLoadProblem error={group.error} />;
  if (roster.isError) return <p role="alert">{t('endCycle.membersFailed')}</p>;
  const g = group.data;
  const mayEdit = mayEditGroup(viewer, g);
  const toDischarge = roster.data.members.filter((m) => m.status === 'active' || m.status === 'on-leave');
  const undecided = roster.data.members.filter((m) => STILL_OPEN.includes(m.status) && !toDischarge.includes(m));
  const discharged = roster.data.members.filter((m) => m.discharge);

  return (
    <>
      <p>
        <Link to={`/groups/${g.id}`}>{t('endCycle.back', { group: g.name })}</Link>
      </p>
      <h1>{t('endCycle.titleOf', { group: g.name })}</h1>
      <ReadOnlyNotice group={g} />
      {g.status === 'active' && <p className="lead">{t('endCycle.lead')}</p>}
      {mayEdit && (
        <section aria-labelledby="to-discharge-heading">
          <h2 id="to-discharge-heading">{t('endCycle.toDischarge', { count: toDischarge.length })}</h2>
          {toDischarge.length === 0 && <p>{t('endCycle.allDischarged')}</p>}
          {toDischarge.map((member) => (
            <DischargeForm key={member.id} groupId={g.id} member={member} />
          ))}
          {undecided.length > 0 && (
            <p className="notice">
              {t.rich('endCycle.undecided', {
                names: format.list(undecided.map((m) => m.name)),
                link: (chunks) => <Link to={`/groups/${g.id}`}>{chunks}</Link>,
              })}
            </p>
          )}
        </section>
      )}
      <section className="card" aria-labelledby="discharged-heading">
        <h2 id="discharged-heading">{t('endCycle.discharged', { count: discharged.length })}</h2>
        {discharged.length === 0 && <p>{t('endCycle.nobodyYet')}</p>}
        <ul className="list">
          {discharged.map((m) => (
            <li key={m.id} className="list__item">
              <div>
                <strong>{m.name}</strong> · {t(labelKey('memberStatus', m.status))} ·{' '}
                {t(labelKey('dischargeReason', m.discharge!.reason))}
                <p className="pre-line">{m.discharge!.summary}</p>
              </div>
            </li>
          ))}
        </ul>
      </section>
      {mayEdit && (
        <section className="card" aria-labelledby="close-heading">
          <h2 id="close-heading">{t('endCycle.close')}</h2>
          {close.error && <ProblemSummary title={t('endCycle.notClosed')} message={close.error.message} />}
          {toDischarge.length + undecided.length > 0 ? (
            <p>{t('endCycle.stillOnList', { count: toDischarge.length + undecided.length })}</p>
          ) : confirming ? (
            <div role="group" aria-labelledby="close-confirm">
              <p id="close-confirm">{t('endCycle.closeConfirm')}</p>
              <div className="actions">
                <button type="button" className="button" disabled={close.isPending} onClick={() => close.mutate()}>
                  {t('endCycle.closeYes')}
                </button>
                <button type="button" className="button button--quiet" onClick={() => setConfirming(false)}>
                  {t('endCycle.closeNo')}
                </button>
              </div>
            </div>
          ) : (
            <p>
              <button type="button" className="button" onClick={() => setConfirming(true)}>
                {t('endCycle.closeStart')}
              </button>
            </p>
          )}
        </section>
      )}
    </>
  );
}

/** The label of each field, by the server's field name (the problem summary names fields by it). */
const LABELS = {
  outcome: 'endCycle.outcome',
  reason: 'endCycle.reason',
  summary: 'endCycle.summary',
} satisfies Record<string, MessageKey>;

/** One member's discharge: completed or left, a reason from the list, a short summary. */
function DischargeForm({ groupId, member }: { groupId: string; member: RosterEntry }) {
  const t = useT();
  const changed = useChanged();
  const id = useId();
  const [outcome, setOutcome] = useState<DischargeOutcome>('completed');
  const [reason, setReason] = useState<DischargeReason | ''>('');
  const [summary, setSummary] = useState('');
  const send = useMutation({
    mutationFn: () =>
      api<RosterEntry>(`/api/groups/${groupId}/members/${member.id}/discharge`, {
        method: 'POST',
        body: { outcome, reason: reason || undefined, summary },
      }),
    onSuccess: () => void changed({ group: groupId }),
  });
  const labels = { outcome: t(LABELS.outcome), reason: t(LABELS.reason), summary: t(LABELS.summary) };
  const problems = formProblems(send.error, labels, `${id}-`);
  const who = member.displayName
    ? t('endCycle.knownAs', { name: member.name, displayName: member.displayName })
    : member.name;
  return (
    <form
      className="form card"
      noValidate
      aria-labelledby={`${id}-title`}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        send.mutate();
      }}
    >
      <h3 id={`${id}-title`}>{who}</h3>
      {problems && (
        <ProblemSummary title={t('endCycle.notSaved')} message={problems.message} fields={problems.fields} />
      )}
      <fieldset className="field">
        <legend>{labels.outcome}</legend>
        {(['completed', 'left'] as const).map((o) => (
          <div className="radio" key={o}>
            <input
              id={`${id}-outcome-${o}`}
              type="radio"
              name={`${id}-outcome`}
              checked={outcome === o}
              onChange={() => setOutcome(o)}
            />
            <label htmlFor={`${id}-outcome-${o}`}>
              {o === 'completed' ? t('endCycle.completed') : t('endCycle.left')}
            </label>
          </div>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={fieldId(`${id}-reason`)}>{labels.reason}</label>
        {problems?.byField.reason && <span className="field-problem">{problems.byField.reason}</span>}
        <select
          id={fieldId(`${id}-reason`)}
          value={reason}
          onChange={(e) => setReason(e.target.value as DischargeReason)}
          aria-invalid={problems?.byField.reason ? true : undefined}
        >
          <option value="">{t('endCycle.chooseReason')}</option>
          {DISCHARGE_REASONS.map((r) => (
            <option key={r} value={r}>
              {t(labelKey('dischargeReason', r))}
            </option>
          ))}
        </select>
      </div>
      <TextArea
        name={`${id}-summary`}
        label={labels.summary}
        hint={t('endCycle.summaryHint')}
        rows={3}
        maxLength={DischargeLimit.summary.max}
        value={summary}
        onChange={(e) => setSummary(e.target.value)}
        problem={problems?.byField.summary}
      />
      <SubmitButton pending={send.isPending} pendingLabel={t('endCycle.saving')}>
        {t('endCycle.discharge', { name: member.name })}
      </SubmitButton>
    </form>
  );
}
