import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { ADMIN_ROLES, grantableRoles, type Role } from '../../domain/roles.js';
import { useChanged } from '../api/changes.js';
import { api } from '../api/client.js';
import { queryKeys, type Viewer } from '../api/session.js';
import { labelKey } from '../i18n/labels.js';
import { useT } from '../i18n/use-t.js';
import { formProblems } from '../ui/form-problems.js';
import { filterPeople, NO_FILTER, type PeopleFilter, type Person } from '../features/people/people-filter.js';
import { PeopleFilters } from '../features/people/people-filters.js';
import { useFormat } from '../ui/format.js';
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

/** Words for screen readers only, inside a message: `<hidden>…</hidden>`. */
const hidden = (chunks: ReactNode[]) => <span className="visually-hidden">{chunks}</span>;

/** The practice's people: found by name, role or status; invited, given roles, disabled and enabled. */
export function PeoplePage() {
  const t = useT();
  usePageTitle(t('people.title'));
  return <RequireViewer roles={ADMIN_ROLES}>{(viewer) => <People viewer={viewer} />}</RequireViewer>;
}

function People({ viewer }: { viewer: Viewer }) {
  const t = useT();
  const format = useFormat();
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
          ? t('people.roleChanged', { name: action.person.name, role: action.role })
          : action.kind === 'disable'
            ? t('people.disabledNotice', { name: action.person.name })
            : t('people.enabledNotice', { name: action.person.name }),
      ),
  });
  const withdraw = useMutation({
    mutationFn: (invitation: Invitation) => api<void>(`/api/people/invitations/${invitation.id}`, { method: 'DELETE' }),
    onSuccess: (_, invitation) => refresh(t('people.withdrawnNotice', { email: invitation.email })),
  });

  return (
    <>
      <h1>{t('people.title')}</h1>
      <p className="lead">
        {t.rich('people.lead', {
          practice: viewer.practice.name,
          link: (chunks) => <Link to="/settings">{chunks}</Link>,
        })}{' '}
        {t.rich('people.erasureLink', { link: (chunks) => <Link to="/erasure-requests">{chunks}</Link> })}
      </p>
      <div
        role="status"
        tabIndex={-1}
        ref={statusRef}
        className={announcement ? 'notice notice--success' : 'visually-hidden'}
      >
        {announcement}
      </div>
      {change.error && <ProblemSummary title={t('people.changeFailed')} message={change.error.message} />}
      <InviteForm
        viewer={viewer}
        onInvited={(email, replaced) =>
          refresh(t(replaced ? 'people.invitedReplacedNotice' : 'people.invitedNotice', { email }))
        }
      />

      <section aria-labelledby="people-heading">
        <h2 id="people-heading">{t('people.listHeading')}</h2>
        {people.isPending && <p role="status">{t('people.loading')}</p>}
        {people.isError && <p role="alert">{t('people.loadFailed')}</p>}
        <PeopleFilters filter={filter} onChange={setFilter} />
        <p role="status" className="muted">
          {people.data &&
            (shown.length === people.data.people.length
              ? t('people.count', { count: shown.length })
              : t('people.countFiltered', { shown: shown.length, total: people.data.people.length }))}
        </p>
        {people.data && shown.length === 0 && (
          <p>
            {t('people.noMatch')}{' '}
            <button type="button" className="button button--quiet" onClick={() => setFilter(NO_FILTER)}>
              {t('people.showEveryone')}
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
          <h2 id="invitations-heading">{t('people.invitationsHeading')}</h2>
          <ul className="list list--cards">
            {people.data.invitations.map((invitation) => (
              <li key={invitation.id} className="card list__item">
                <div>
                  <strong>{invitation.name}</strong> · {invitation.email}
                  <br />
                  <span className="muted">
                    {t('people.invitationMeta', {
                      role: t(labelKey('role', invitation.role)),
                      expiresAt: format.instant(invitation.expiresAt),
                    })}
                  </span>
                </div>
                <button
                  type="button"
                  className="button button--quiet"
                  onClick={() => withdraw.mutate(invitation)}
                  disabled={withdraw.isPending}
                >
                  {t.rich('people.withdraw', { email: invitation.email, hidden })}
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
  const t = useT();
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
  const problems = formProblems(invite.error, {
    name: t('people.invite.name'),
    email: t('people.invite.email'),
    role: t('people.invite.role'),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate();
  };
  return (
    <section className="card" aria-labelledby="invite-heading">
      <h2 id="invite-heading">{t('people.invite.heading')}</h2>
      <p>{t('people.invite.intro')}</p>
      {problems && (
        <ProblemSummary title={t('people.invite.notSent')} message={problems.message} fields={problems.fields} />
      )}
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          label={t('people.invite.name')}
          name="name"
          autoComplete="off"
          required
          value={form.name}
          onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
          problem={problems?.byField.name}
        />
        <TextField
          label={t('people.invite.email')}
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
          <label htmlFor="field-role">{t('people.invite.role')}</label>
          <select
            id="field-role"
            value={form.role}
            onChange={(e) => setForm((f) => ({ ...f, role: e.target.value as Role }))}
          >
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(labelKey('role', r))}
              </option>
            ))}
          </select>
        </div>
        <SubmitButton pending={invite.isPending} pendingLabel={t('people.invite.sending')}>
          {t('people.invite.send')}
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
  const t = useT();
  const format = useFormat();
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
        {person.name} {isSelf && <span className="tag">{t('people.card.you')}</span>}{' '}
        {person.status === 'disabled' && <span className="tag">{t('people.card.disabled')}</span>}
      </h3>
      <dl className="details">
        <dt>{t('people.card.email')}</dt>
        <dd>{person.email}</dd>
        <dt>{t('people.card.role')}</dt>
        <dd>{t(labelKey('role', person.role))}</dd>
        <dt>{t('people.card.twoStep')}</dt>
        <dd>{t(person.twoFactorEnabled ? 'people.card.twoStepOn' : 'people.card.twoStepOff')}</dd>
        <dt>{t('people.card.joined')}</dt>
        <dd>{format.instant(person.joinedAt)}</dd>
      </dl>
      {mayManage && (
        <div className="card__actions">
          <div className="inline-field">
            <label htmlFor={selectId}>{t('people.card.changeRole')}</label>
            <select id={selectId} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {t(labelKey('role', r))}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button button--quiet"
              disabled={busy || role === person.role}
              onClick={() =>
                // Making someone an owner hands them the whole practice: ask once more.
                role !== 'owner' || window.confirm(t('people.card.confirmOwner', { name: person.name }))
                  ? onRole(role)
                  : undefined
              }
            >
              {t.rich('people.card.saveRole', { name: person.name, hidden })}
            </button>
          </div>
          {person.status === 'disabled' ? (
            <button type="button" className="button button--quiet" disabled={busy} onClick={() => onDisabled(false)}>
              {t.rich('people.card.enable', { name: person.name, hidden })}
            </button>
          ) : confirming ? (
            <div
              role="group"
              aria-label={t('people.card.disableQuestion', { name: person.name })}
              className="confirm"
              tabIndex={-1}
              ref={confirmRef}
            >
              <p>{t('people.card.disableExplain', { name: person.name })}</p>
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() => {
                  setConfirming(false);
                  onDisabled(true);
                }}
              >
                {t('people.card.yesDisable')}
              </button>
              <button type="button" className="button button--quiet" onClick={() => setConfirming(false)}>
                {t('people.card.cancel')}
              </button>
            </div>
          ) : (
            <button type="button" className="button button--quiet" disabled={busy} onClick={() => setConfirming(true)}>
              {t.rich('people.card.disable', { name: person.name, hidden })}
            </button>
          )}
        </div>
      )}
    </li>
  );
}
