import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ADMIN_ROLES, grantableRoles, ROLE_LABELS, roleInSentence, type Role } from '../../domain/roles.js';
import { useChanged } from '../api/changes.js';
import { api } from '../api/client.js';
import { queryKeys, type Viewer } from '../api/session.js';
import { formProblems } from '../ui/form-problems.js';
import { filterPeople, NO_FILTER, type PeopleFilter, type Person } from '../features/people/people-filter.js';
import { PeopleFilters } from '../features/people/people-filters.js';
import { formatInstant } from '../ui/format.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { TextField } from '../ui/text-field.js';
import { SubmitButton } from '../ui/submit-button.js';

interface Invitation {
  id: string;
  email: string;
  name: string;
  role: Role;
  expiresAt: string;
}
/** The practice's people: found by name, role or status; invited, given roles, disabled and enabled. */
export function PeoplePage() {
  usePageTitle('People');
  return <RequireViewer roles={ADMIN_ROLES}>{(viewer) => <People viewer={viewer} />}</RequireViewer>;
}

function People({ viewer }: { viewer: Viewer }) {
  const changed = useChanged();
  const people = useQuery({
    queryKey: queryKeys.people,
    queryFn: () => api<{ people: Person[]; invitations: Invitation[] }>('/api/people'),
  });
  const [filter, setFilter] = useState<PeopleFilter>(NO_FILTER);
  const shown = people.data ? filterPeople(people.data.people, filter) : [];
  const [announcement, setAnnouncement] = useState('');
  const statusRef = useRef<HTMLDivElement>(null);
  const refresh = (message: string) => {
    setAnnouncement(message);
    // The button that was pressed may be gone (a withdrawn invitation): keep focus on the outcome.
    requestAnimationFrame(() => statusRef.current?.focus());
    void changed('people');
  };
  const change = useMutation({
    mutationFn: (
      action: { kind: 'role'; person: Person; role: Role } | { kind: 'disable' | 'enable'; person: Person },
    ) =>
      action.kind === 'role'
        ? api<void>(`/api/people/${action.person.userId}/role`, { method: 'PUT', body: { role: action.role } })
        : api<void>(`/api/people/${action.person.userId}/${action.kind}`, { method: 'POST' }),
    onSuccess: (_, action) =>
      refresh(
        action.kind === 'role'
          ? `${action.person.name} is now ${roleInSentence(action.role)}.`
          : action.kind === 'disable'
            ? `${action.person.name} is disabled and was signed out everywhere.`
            : `${action.person.name} can sign in again.`,
      ),
  });
  const withdraw = useMutation({
    mutationFn: (invitation: Invitation) => api<void>(`/api/people/invitations/${invitation.id}`, { method: 'DELETE' }),
    onSuccess: (_, invitation) => refresh(`The invitation to ${invitation.email} is withdrawn.`),
  });

  return (
    <>
      <h1>People</h1>
      <p className="lead">
        Everyone in {viewer.practice.name}, and the invitations waiting for an answer. Safety alerts and the e-mail
        outbox are under <Link to="/settings">Practice settings</Link>. Members’ requests to be erased are under{' '}
        <Link to="/erasure-requests">Erasure requests</Link>.
      </p>
      <div
        role="status"
        tabIndex={-1}
        ref={statusRef}
        className={announcement ? 'notice notice--success' : 'visually-hidden'}
      >
        {announcement}
      </div>
      {change.error && <ProblemSummary title="That change was not made" message={change.error.message} />}
      <InviteForm
        viewer={viewer}
        onInvited={(email, replaced) =>
          refresh(
            `Invitation sent to ${email}.${replaced ? ' It replaces the earlier invitation to this address, whose link no longer works.' : ''}`,
          )
        }
      />

      <section aria-labelledby="people-heading">
        <h2 id="people-heading">People in the practice</h2>
        {people.isPending && <p role="status">Loading…</p>}
        {people.isError && <p role="alert">The list could not be loaded. Please reload the page.</p>}
        <PeopleFilters filter={filter} onChange={setFilter} />
        <p role="status" className="muted">
          {people.data &&
            (shown.length === people.data.people.length
              ? `${shown.length} ${shown.length === 1 ? 'person' : 'people'}`
              : `Showing ${shown.length} of ${people.data.people.length} people`)}
        </p>
        {people.data && shown.length === 0 && (
          <p>
            Nobody matches.{' '}
            <button type="button" className="button button--quiet" onClick={() => setFilter(NO_FILTER)}>
              Show everyone
            </button>
          </p>
        )}
        <ul className="list list--cards">
          {shown.map((person) => (
            <PersonCard
              key={person.userId}
              person={person}
              viewer={viewer}
              busy={change.isPending}
              onRole={(role) => change.mutate({ kind: 'role', person, role })}
              onDisabled={(disabled) => change.mutate({ kind: disabled ? 'disable' : 'enable', person })}
            />
          ))}
        </ul>
      </section>

      {people.data && people.data.invitations.length > 0 && (
        <section aria-labelledby="invitations-heading">
          <h2 id="invitations-heading">Invitations waiting</h2>
          <ul className="list list--cards">
            {people.data.invitations.map((invitation) => (
              <li key={invitation.id} className="card list__item">
                <div>
                  <strong>{invitation.name}</strong> · {invitation.email}
                  <br />
                  <span className="muted">
                    {ROLE_LABELS[invitation.role]} · link works until {formatInstant(invitation.expiresAt)}
                  </span>
                </div>
                <button
                  type="button"
                  className="button button--quiet"
                  onClick={() => withdraw.mutate(invitation)}
                  disabled={withdraw.isPending}
                >
                  Withdraw<span className="visually-hidden"> the invitation to {invitation.email}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function InviteForm({ viewer, onInvited }: { viewer: Viewer; onInvited: (email: string, replaced: boolean) => void }) {
  const roles = grantableRoles(viewer.practice.role);
  const empty = { name: '', email: '', role: 'member' as Role };
  const [form, setForm] = useState(empty);
  const invite = useMutation({
    mutationFn: () => api<{ id: string; replaced: boolean }>('/api/people/invitations', { method: 'POST', body: form }),
    onSuccess: (result) => {
      onInvited(form.email, result.replaced);
      // Keep the chosen role: inviting several colleagues in a row is common.
      setForm((f) => ({ ...empty, role: f.role }));
    },
  });
  const problems = formProblems(invite.error, { name: 'Their name', email: 'Their e-mail address', role: 'Role' });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate();
  };
  return (
    <section className="card" aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite someone</h2>
      <p>They get an e-mail with a link to choose a password. The link works once, for 7 days.</p>
      {problems && (
        <ProblemSummary title="The invitation was not sent" message={problems.message} fields={problems.fields} />
      )}
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          label="Their name"
          name="name"
          autoComplete="off"
          required
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
          required
          value={form.email}
          onChange={(e) => setForm((f) => ({ ...f, email: e.target.value }))}
          problem={problems?.byField.email}
        />
        <div className="field">
          <label htmlFor="field-role">Role</label>
          <select
            id="field-role"
            value={form.role}
            onChange={(e) => setForm((f) => ({ ...f, role: e.target.value as Role }))}
          >
            {roles.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <SubmitButton pending={invite.isPending} pendingLabel="Sending…">
          Send invitation
        </SubmitButton>
      </form>
    </section>
  );
}

interface PersonCardProps {
  person: Person;
  viewer: Viewer;
  busy: boolean;
  onRole(role: Role): void;
  onDisabled(disabled: boolean): void;
}

function PersonCard({ person, viewer, busy, onRole, onDisabled }: PersonCardProps) {
  const [role, setRole] = useState<Role>(person.role);
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLDivElement>(null);
  // Take the keyboard and screen reader to the question as soon as it appears.
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  const isSelf = person.userId === viewer.user.id;
  const mayManage = !isSelf && (viewer.practice.role === 'owner' || person.role !== 'owner');
  const roles = grantableRoles(viewer.practice.role);
  const selectId = `role-${person.userId}`;
  return (
    <li className="card">
      <h3 className="card__title">
        {person.name} {isSelf && <span className="tag">You</span>}{' '}
        {person.status === 'disabled' && <span className="tag">Disabled</span>}
      </h3>
      <dl className="details">
        <dt>E-mail</dt>
        <dd>{person.email}</dd>
        <dt>Role</dt>
        <dd>{ROLE_LABELS[person.role]}</dd>
        <dt>Two-step sign-in</dt>
        <dd>{person.twoFactorEnabled ? 'On' : 'Off'}</dd>
        <dt>Joined</dt>
        <dd>{formatInstant(person.joinedAt)}</dd>
      </dl>
      {mayManage && (
        <div className="card__actions">
          <div className="inline-field">
            <label htmlFor={selectId}>Change role</label>
            <select id={selectId} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button button--quiet"
              disabled={busy || role === person.role}
              onClick={() =>
                // Making someone an owner hands them the whole practice: ask once more.
                role !== 'owner' ||
                window.confirm(`Make ${person.name} an owner? Owners can change anyone's access, including yours.`)
                  ? onRole(role)
                  : undefined
              }
            >
              Save role<span className="visually-hidden"> for {person.name}</span>
            </button>
          </div>
          {person.status === 'disabled' ? (
            <button type="button" className="button button--quiet" disabled={busy} onClick={() => onDisabled(false)}>
              Enable<span className="visually-hidden"> {person.name}</span>
            </button>
          ) : confirming ? (
            <div role="group" aria-label={`Disable ${person.name}?`} className="confirm" tabIndex={-1} ref={confirmRef}>
              <p>
                Disable {person.name}? They will be signed out everywhere at once, and cannot sign in until you enable
                them.
              </p>
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() => {
                  setConfirming(false);
                  onDisabled(true);
                }}
              >
                Yes, disable
              </button>
              <button type="button" className="button button--quiet" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </div>
          ) : (
            <button type="button" className="button button--quiet" disabled={busy} onClick={() => setConfirming(true)}>
              Disable<span className="visually-hidden"> {person.name}</span>
            </button>
          )}
        </div>
      )}
    </li>
  );
}
