import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import {
  DISCHARGE_REASON_LABELS,
  DISCHARGE_REASONS,
  DischargeLimit,
  MEMBER_STATUS_LABELS,
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
import { fieldId } from '../ui/field-frame.js';
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
  usePageTitle(group.data ? `End the cycle of ${group.data.name}` : 'End the cycle');

  if (group.isPending || roster.isPending) return <p role="status">Loading…</p>;
  if (group.isError) return <GroupLoadProblem error={group.error} />;
  if (roster.isError) return <p role="alert">The members could not be loaded. Please reload the page.</p>;
  const g = group.data;
  const mayEdit = mayEditGroup(viewer, g);
  const toDischarge = roster.data.members.filter((m) => m.status === 'active' || m.status === 'on-leave');
  const undecided = roster.data.members.filter((m) => STILL_OPEN.includes(m.status) && !toDischarge.includes(m));
  const discharged = roster.data.members.filter((m) => m.discharge);

  return (
    <>
      <p>
        <Link to={`/groups/${g.id}`}>Back to {g.name}</Link>
      </p>
      <h1>End the cycle of {g.name}</h1>
      <ReadOnlyNotice group={g} />
      {g.status === 'active' && (
        <p className="lead">
          Discharge each member: say whether they completed the group or left, choose a reason and write a short
          summary. Only the group’s clinicians see the reason and the summary. If the group’s plan has questionnaires
          “at completion”, each member is sent them when discharged. When nobody is left on the list, close the group:
          its record stays readable, and nothing in it can be changed.
        </p>
      )}
      {mayEdit && (
        <section aria-labelledby="to-discharge-heading">
          <h2 id="to-discharge-heading">To discharge ({toDischarge.length})</h2>
          {toDischarge.length === 0 && <p>Everyone who held a place has been discharged.</p>}
          {toDischarge.map((member) => (
            <DischargeForm key={member.id} groupId={g.id} member={member} />
          ))}
          {undecided.length > 0 && (
            <p className="notice">
              Also still on the list, waiting for a decision: {undecided.map((m) => m.name).join(', ')}. Decide on each
              from the group’s <Link to={`/groups/${g.id}`}>members list</Link> before closing.
            </p>
          )}
        </section>
      )}
      <section className="card" aria-labelledby="discharged-heading">
        <h2 id="discharged-heading">Discharged ({discharged.length})</h2>
        {discharged.length === 0 && <p>Nobody yet.</p>}
        <ul className="list">
          {discharged.map((m) => (
            <li key={m.id} className="list__item">
              <div>
                <strong>{m.name}</strong> · {MEMBER_STATUS_LABELS[m.status]} ·{' '}
                {DISCHARGE_REASON_LABELS[m.discharge!.reason]}
                <p className="pre-line">{m.discharge!.summary}</p>
              </div>
            </li>
          ))}
        </ul>
      </section>
      {mayEdit && (
        <section className="card" aria-labelledby="close-heading">
          <h2 id="close-heading">Close the group</h2>
          {close.error && <ProblemSummary title="The group was not closed" message={close.error.message} />}
          {toDischarge.length + undecided.length > 0 ? (
            <p>
              The group can close once nobody is left on its list (
              {toDischarge.length + undecided.length === 1
                ? '1 person still is'
                : `${toDischarge.length + undecided.length} people still are`}
              ).
            </p>
          ) : confirming ? (
            <div role="group" aria-labelledby="close-confirm">
              <p id="close-confirm">
                Closing ends this cycle. Sessions still to come and the public link are removed, and nothing in the
                group can be changed afterwards. Its record stays here to read. This cannot be undone.
              </p>
              <div className="actions">
                <button type="button" className="button" disabled={close.isPending} onClick={() => close.mutate()}>
                  End the cycle and close the group
                </button>
                <button type="button" className="button button--quiet" onClick={() => setConfirming(false)}>
                  Not yet
                </button>
              </div>
            </div>
          ) : (
            <p>
              <button type="button" className="button" onClick={() => setConfirming(true)}>
                Close the group…
              </button>
            </p>
          )}
        </section>
      )}
    </>
  );
}

const LABELS = { outcome: 'How it ended', reason: 'Reason', summary: 'Summary' };

/** One member's discharge: completed or left, a reason from the list, a short summary. */
function DischargeForm({ groupId, member }: { groupId: string; member: RosterEntry }) {
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
  const problems = formProblems(send.error, LABELS, `${id}-`);
  const who = member.displayName ? `${member.name} (“${member.displayName}”)` : member.name;
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
        <ProblemSummary title="The discharge was not saved" message={problems.message} fields={problems.fields} />
      )}
      <fieldset className="field">
        <legend>{LABELS.outcome}</legend>
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
              {o === 'completed' ? 'Completed the group' : 'Left before the end'}
            </label>
          </div>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={fieldId(`${id}-reason`)}>{LABELS.reason}</label>
        {problems?.byField.reason && <span className="field-problem">{problems.byField.reason}</span>}
        <select
          id={fieldId(`${id}-reason`)}
          value={reason}
          onChange={(e) => setReason(e.target.value as DischargeReason)}
          aria-invalid={problems?.byField.reason ? true : undefined}
        >
          <option value="">Choose a reason</option>
          {DISCHARGE_REASONS.map((r) => (
            <option key={r} value={r}>
              {DISCHARGE_REASON_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      <TextArea
        name={`${id}-summary`}
        label={LABELS.summary}
        hint="A few sentences for the record: attendance, change, what comes next. Only the group’s clinicians see it."
        rows={3}
        maxLength={DischargeLimit.summary.max}
        value={summary}
        onChange={(e) => setSummary(e.target.value)}
        problem={problems?.byField.summary}
      />
      <SubmitButton pending={send.isPending} pendingLabel="Saving…">
        Discharge {member.name}
      </SubmitButton>
    </form>
  );
}
