import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { ENDINGS, MEMBER_STATUS_LABELS, staffTransitions, type MemberStatus } from '../../../domain/membership.js';
import { useChanged } from '../../api/changes.js';
import { api, ApiError } from '../../api/client.js';
import { membershipKeys, type Roster, type RosterEntry } from '../../api/membership.js';
import { formProblems } from '../../ui/form-problems.js';
import { formatInstant } from '../../ui/format.js';
import { ProblemSummary } from '../../ui/problem-summary.js';
import { TextField } from '../../ui/text-field.js';
import { SubmitButton } from '../../ui/submit-button.js';

/** What the button for each change says. */
const ACTION_WORDS: Partial<Record<MemberStatus, string>> = {
  admitted: 'Offer a place',
  waitlisted: 'Add to waitlist',
  declined: 'Do not offer a place',
  'on-leave': 'Mark on leave',
  active: 'Back from leave',
  completed: 'Mark completed',
  left: 'Mark as left',
  removed: 'Remove from group',
};

/** A group's members for its staff: places, statuses, decisions and referrals. */
export function RosterSection({ groupId, mayEdit }: { groupId: string; mayEdit: boolean }) {
  const changed = useChanged();
  const roster = useQuery({
    queryKey: membershipKeys.roster(groupId),
    queryFn: () => api<Roster>(`/api/groups/${groupId}/members`),
  });
  const [announcement, setAnnouncement] = useState('');
  const change = useMutation({
    mutationFn: (input: { member: RosterEntry; status: MemberStatus; reason?: string }) =>
      api<RosterEntry>(`/api/groups/${groupId}/members/${input.member.id}/status`, {
        method: 'POST',
        body: { status: input.status, reason: input.reason },
      }),
    onSuccess: (entry) => {
      setAnnouncement(`${entry.name}: ${MEMBER_STATUS_LABELS[entry.status].toLowerCase()}.`);
      void changed({ group: groupId });
    },
  });

  return (
    <section className="card" aria-labelledby="members-heading">
      <h2 id="members-heading">Members</h2>
      {roster.data && (
        <p>
          {roster.data.placesTaken} of {roster.data.capacity} places taken.
        </p>
      )}
      <div role="status" className={announcement ? 'notice notice--success' : 'visually-hidden'}>
        {announcement}
      </div>
      {change.error && <ProblemSummary title="That change was not made" message={change.error.message} />}
      {roster.isPending && <p role="status">Loading…</p>}
      {roster.data?.members.length === 0 && <p>Nobody yet. Refer someone below.</p>}
      <ul className="list">
        {roster.data?.members.map((member) => (
          <RosterRow
            key={member.id}
            groupId={groupId}
            member={member}
            mayEdit={mayEdit}
            busy={change.isPending}
            onChange={(status, reason) => change.mutate({ member, status, reason })}
          />
        ))}
      </ul>
      {mayEdit && <ReferForm groupId={groupId} onReferred={(name) => setAnnouncement(`${name} is referred.`)} />}
    </section>
  );
}

function RosterRow({
  groupId,
  member,
  mayEdit,
  busy,
  onChange,
}: {
  groupId: string;
  member: RosterEntry;
  mayEdit: boolean;
  busy: boolean;
  onChange(status: MemberStatus, reason?: string): void;
}) {
  const [ending, setEnding] = useState<MemberStatus | null>(null);
  const [reason, setReason] = useState('');
  const reasonId = `reason-${member.id}`;
  return (
    <li className="list__item roster-row">
      <div>
        <strong>{member.name}</strong>
        {member.displayName && <span className="muted"> · known in the group as {member.displayName}</span>}
        <br />
        <span className="muted">
          {member.email}
          {!member.hasAccount && ' · invited to Hearth, not joined yet'}
        </span>
        <br />
        <span>
          {MEMBER_STATUS_LABELS[member.status]} since {formatInstant(member.statusChangedAt)}
          {member.endReason ? ` · ${member.endReason}` : ''}
          {member.offerExpiresAt &&
            (member.offerLapsed
              ? ` · the offer lapsed on ${formatInstant(member.offerExpiresAt)}`
              : ` · offered from the waitlist, open until ${formatInstant(member.offerExpiresAt)}`)}
        </span>
      </div>
      {member.screeningSubmittedAt && <ScreeningAnswers groupId={groupId} member={member} />}
      {mayEdit && staffTransitions(member.status).length > 0 && (
        <div className="roster-actions">
          {ending ? (
            <div role="group" aria-label={`${ACTION_WORDS[ending]}: ${member.name}`} className="confirm">
              <label htmlFor={reasonId}>{ending === 'declined' ? 'Reason (the person will read it)' : 'Reason'}</label>
              <textarea id={reasonId} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
              <button
                type="button"
                className="button"
                disabled={busy || !reason.trim()}
                onClick={() => {
                  onChange(ending, reason);
                  setEnding(null);
                  setReason('');
                }}
              >
                {ACTION_WORDS[ending]}
              </button>
              <button type="button" className="button button--quiet" onClick={() => setEnding(null)}>
                Cancel
              </button>
            </div>
          ) : (
            staffTransitions(member.status).map((to) => (
              <button
                key={to}
                type="button"
                className="button button--quiet"
                disabled={busy}
                onClick={() => (ENDINGS.includes(to) ? setEnding(to) : onChange(to))}
              >
                {ACTION_WORDS[to]}
                <span className="visually-hidden">: {member.name}</span>
              </button>
            ))
          )}
        </div>
      )}
    </li>
  );
}

function ReferForm({ groupId, onReferred }: { groupId: string; onReferred(name: string): void }) {
  const changed = useChanged();
  const empty = { name: '', email: '' };
  const [form, setForm] = useState(empty);
  const formRef = useRef<HTMLFormElement>(null);
  const refer = useMutation({
    mutationFn: (staffConfirmed: boolean) =>
      api<RosterEntry>(`/api/groups/${groupId}/members`, { method: 'POST', body: { ...form, staffConfirmed } }),
    onSuccess: (entry) => {
      onReferred(entry.name);
      setForm(empty);
      void changed({ group: groupId });
    },
  });
  // The address is a colleague's: say so, and refer them only on a second, deliberate yes.
  const staffWarning =
    refer.error instanceof ApiError ? refer.error.fields.find((f) => f.field === 'staffConfirmed') : undefined;
  const problems = staffWarning
    ? null
    : formProblems(refer.error, { name: 'Their name', email: 'Their e-mail address' });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    refer.mutate(false);
  };
  return (
    <div className="subsection">
      <h3>Refer someone</h3>
      <p>If they are not in Hearth yet, they get an invitation by e-mail. You decide about their place afterwards.</p>
      {problems && (
        <ProblemSummary title="The referral was not made" message={problems.message} fields={problems.fields} />
      )}
      <form className="form" onSubmit={submit} noValidate ref={formRef}>
        <TextField
          label="Their name"
          name="name"
          autoComplete="off"
          value={form.name}
          onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
          problem={problems?.byField.name}
        />
        <TextField
          label="Their e-mail address"
          name="email"
          type="email"
          autoComplete="off"
          spellCheck={false}
          value={form.email}
          onChange={(e) => {
            setForm((f) => ({ ...f, email: e.target.value }));
            if (staffWarning) refer.reset();
          }}
          problem={problems?.byField.email}
        />
        {staffWarning ? (
          <div className="notice" role="alert" aria-labelledby="staff-referral-heading">
            <h4 id="staff-referral-heading">This is a staff account</h4>
            <p>{staffWarning.message}</p>
            <div className="actions">
              <button className="button" type="button" disabled={refer.isPending} onClick={() => refer.mutate(true)}>
                Yes, refer them as a member
              </button>
              <button
                className="button button--quiet"
                type="button"
                onClick={() => {
                  refer.reset();
                  formRef.current?.querySelector<HTMLInputElement>('input[name="email"]')?.focus();
                }}
              >
                No, change the address
              </button>
            </div>
          </div>
        ) : (
          <SubmitButton pending={refer.isPending} pendingLabel="Referring…">
            Refer
          </SubmitButton>
        )}
      </form>
    </div>
  );
}

interface ScreeningItems {
  submittedAt: string | null;
  items: Array<{ question: string; answer: string }>;
}

/** A person's screening answers, fetched only when a clinician opens them (each read is audited). */
function ScreeningAnswers({ groupId, member }: { groupId: string; member: RosterEntry }) {
  const [open, setOpen] = useState(false);
  const answers = useQuery({
    queryKey: ['groups', groupId, 'members', member.id, 'screening'],
    queryFn: () => api<ScreeningItems>(`/api/groups/${groupId}/members/${member.id}/screening`),
    enabled: open,
  });
  return (
    <div className="screening">
      <button type="button" className="button button--quiet" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {open ? 'Hide' : 'Read'} screening answers<span className="visually-hidden"> from {member.name}</span>
      </button>
      {open && answers.isPending && <p role="status">Loading…</p>}
      {open && answers.data && (
        <dl className="screening__answers">
          {answers.data.items.map((item) => (
            <div key={item.question}>
              <dt>{item.question}</dt>
              <dd className="pre-line">{item.answer || <span className="muted">No answer</span>}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
