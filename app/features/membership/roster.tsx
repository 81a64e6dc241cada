import { Link } from 'react-router';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { ENDINGS, staffTransitions, type MemberStatus } from '../../../domain/membership.js';
import { useChanged } from '../../api/changes.js';
import { api, ApiError } from '../../api/client.js';
import { membershipKeys, type Roster, type RosterEntry } from '../../api/membership.js';
import { labelKey } from '../../i18n/labels.js';
import type { MessageKey } from '../../i18n/message-key.js';
import { shownName } from '../../i18n/labels.js';
import { useT } from '../../i18n/use-t.js';
import { formProblems } from '../../ui/form-problems.js';
import { useFormat } from '../../ui/format.js';
import { ProblemSummary } from '../../ui/problem-summary.js';
import { TextField } from '../../ui/text-field.js';
import { SubmitButton } from '../../ui/submit-button.js';

/** What the button for each change says. */
const ACTION_WORDS: Record<Exclude<MemberStatus, 'referred'>, MessageKey> = {
  admitted: 'roster.action.admitted',
  waitlisted: 'roster.action.waitlisted',
  declined: 'roster.action.declined',
  'on-leave': 'roster.action.onLeave',
  active: 'roster.action.active',
  completed: 'roster.action.completed',
  left: 'roster.action.left',
  removed: 'roster.action.removed',
};

/** The words of the button that moves a member to `status` (staff never move anyone back to referred). */
const actionKey = (status: MemberStatus): MessageKey =>
  status === 'referred' ? labelKey('memberStatus', status) : ACTION_WORDS[status];

/** A group's members for its staff: places, statuses, decisions and referrals. */
export function RosterSection({ groupId, mayEdit }: { groupId: string; mayEdit: boolean }) {
  const t = useT();
  const format = useFormat();
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
      setAnnouncement(
        t('roster.changed', {
          name: entry.name,
          status: t(labelKey('memberStatus', entry.status)).toLocaleLowerCase(t.locale),
        }),
      );
      void changed({ group: groupId });
    },
  });

  return (
    <section className="card" aria-labelledby="members-heading">
      <h2 id="members-heading">{t('roster.heading')}</h2>
      {roster.data && (
        <p>
          {t('roster.placesTaken', {
            taken: format.number(roster.data.placesTaken),
            capacity: roster.data.capacity,
          })}
        </p>
      )}
      <div role="status" className={announcement ? 'notice notice--success' : 'visually-hidden'}>
        {announcement}
      </div>
      {change.error && <ProblemSummary title={t('roster.notChanged')} message={change.error.message} />}
      {roster.isPending && <p role="status">{t('roster.loading')}</p>}
      {roster.data?.members.length === 0 && <p>{t('roster.nobody')}</p>}
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
      {mayEdit && (
        <ReferForm groupId={groupId} onReferred={(name) => setAnnouncement(t('roster.referred', { name }))} />
      )}
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
  const t = useT();
  const format = useFormat();
  const [ending, setEnding] = useState<MemberStatus | null>(null);
  const [reason, setReason] = useState('');
  const reasonId = `reason-${member.id}`;
  return (
    <li className="list__item roster-row">
      <div>
        <strong>{shownName(t, member.name)}</strong>
        {member.displayName && (
          <span className="muted"> · {t('roster.knownAs', { displayName: member.displayName })}</span>
        )}
        <br />
        <span className="muted">
          {member.email}
          {!member.hasAccount && t('roster.notJoined')}
        </span>
        <br />
        <span>
          {t('roster.since', {
            status: t(labelKey('memberStatus', member.status)),
            since: format.instant(member.statusChangedAt),
          })}
          {member.endReason ? ` · ${member.endReason}` : ''}
          {member.offerExpiresAt &&
            (member.offerLapsed
              ? t('roster.offerLapsed', { on: format.instant(member.offerExpiresAt) })
              : t('roster.offerOpen', { until: format.instant(member.offerExpiresAt) }))}
        </span>
      </div>
      {member.userId && member.status === 'active' && (
        <p>
          <Link to={`/people/${member.userId}/safety-plan`}>
            {t('safetyPlan.member.rosterLink', { name: member.displayName ?? member.name })}
          </Link>
        </p>
      )}
      {member.screeningSubmittedAt && <ScreeningAnswers groupId={groupId} member={member} />}
      {mayEdit && staffTransitions(member.status).length > 0 && (
        <div className="roster-actions">
          {ending ? (
            <div
              role="group"
              aria-label={t('roster.confirmGroup', { action: t(actionKey(ending)), name: member.name })}
              className="confirm"
            >
              <label htmlFor={reasonId}>{ending === 'declined' ? t('roster.reasonShared') : t('roster.reason')}</label>
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
                {t(actionKey(ending))}
              </button>
              <button type="button" className="button button--quiet" onClick={() => setEnding(null)}>
                {t('roster.cancel')}
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
                {t(actionKey(to))}
                <span className="visually-hidden">: {shownName(t, member.name)}</span>
              </button>
            ))
          )}
        </div>
      )}
    </li>
  );
}

function ReferForm({ groupId, onReferred }: { groupId: string; onReferred(name: string): void }) {
  const t = useT();
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
    : formProblems(refer.error, { name: t('roster.refer.name'), email: t('roster.refer.email') });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    refer.mutate(false);
  };
  return (
    <div className="subsection">
      <h3>{t('roster.refer.heading')}</h3>
      <p>{t('roster.refer.hint')}</p>
      {problems && (
        <ProblemSummary title={t('roster.refer.problems')} message={problems.message} fields={problems.fields} />
      )}
      <form className="form" onSubmit={submit} noValidate ref={formRef}>
        <TextField
          label={t('roster.refer.name')}
          name="name"
          autoComplete="off"
          value={form.name}
          onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
          problem={problems?.byField.name}
        />
        <TextField
          label={t('roster.refer.email')}
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
            <h4 id="staff-referral-heading">{t('roster.refer.staffHeading')}</h4>
            <p>{staffWarning.message}</p>
            <div className="actions">
              <button className="button" type="button" disabled={refer.isPending} onClick={() => refer.mutate(true)}>
                {t('roster.refer.staffYes')}
              </button>
              <button
                className="button button--quiet"
                type="button"
                onClick={() => {
                  refer.reset();
                  formRef.current?.querySelector<HTMLInputElement>('input[name="email"]')?.focus();
                }}
              >
                {t('roster.refer.staffNo')}
              </button>
            </div>
          </div>
        ) : (
          <SubmitButton pending={refer.isPending} pendingLabel={t('roster.refer.pending')}>
            {t('roster.refer.submit')}
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
  const t = useT();
  const [open, setOpen] = useState(false);
  const answers = useQuery({
    queryKey: ['groups', groupId, 'members', member.id, 'screening'],
    queryFn: () => api<ScreeningItems>(`/api/groups/${groupId}/members/${member.id}/screening`),
    enabled: open,
  });
  return (
    <div className="screening">
      <button type="button" className="button button--quiet" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {t.rich('roster.screening.toggle', {
          open: open ? 'yes' : 'no',
          name: member.name,
          hidden: (chunks) => <span className="visually-hidden">{chunks}</span>,
        })}
      </button>
      {open && answers.isPending && <p role="status">{t('roster.loading')}</p>}
      {open && answers.data && (
        <dl className="screening__answers">
          {answers.data.items.map((item) => (
            <div key={item.question}>
              <dt>{item.question}</dt>
              <dd className="pre-line">
                {item.answer || <span className="muted">{t('roster.screening.noAnswer')}</span>}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
