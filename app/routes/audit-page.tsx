import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ADMIN_ROLES, isRole, ROLE_LABELS } from '../../domain/roles.js';
import { api } from '../api/client.js';
import { queryKeys } from '../api/session.js';
import { AUDIT_ACTION_WORDS, auditWords } from '../../domain/audit-words.js';
import { describeDevice, formatInstant } from '../ui/format.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { SubmitButton } from '../ui/submit-button.js';

interface AuditEvent {
  id: string;
  seq: number;
  occurredAt: string;
  action: string;
  actor: { userId: string; name: string | null; role: string | null } | null;
  subject: { type: string; id: string; name: string | null } | null;
  ip: string | null;
  userAgent: string | null;
  detail: Record<string, string | number | boolean | null>;
}
interface AuditPage {
  events: AuditEvent[];
  nextBefore: number | null;
}
interface Verdict {
  intact: boolean;
  records: number;
  brokenAt: { seq: number; id: string | null; reason: string } | null;
}

/** The practice's audit log: who did what, when, from where; filter, page back, verify, download. */
export function AuditPage() {
  usePageTitle('Audit log');
  return <RequireViewer roles={ADMIN_ROLES}>{() => <AuditLog />}</RequireViewer>;
}

function AuditLog() {
  const [draft, setDraft] = useState({ action: '', from: '', to: '' });
  const [filters, setFilters] = useState(draft);
  const query = useInfiniteQuery({
    queryKey: queryKeys.audit(filters),
    initialPageParam: null as number | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams();
      if (filters.action) params.set('action', filters.action);
      if (filters.from) params.set('from', filters.from);
      // "Up to and including" the chosen day: the server takes the instant before which to stop.
      if (filters.to) params.set('to', dayAfter(filters.to));
      if (pageParam) params.set('before', String(pageParam));
      return api<AuditPage>(`/api/audit?${params}`);
    },
    getNextPageParam: (last) => last.nextBefore,
  });
  const verify = useMutation({ mutationFn: () => api<Verdict>('/api/audit/verification') });
  const rangeProblem = draft.from && draft.to && draft.from > draft.to ? 'The “From” day is after the “To” day.' : null;
  const onFilter = (event: FormEvent) => {
    event.preventDefault();
    if (!rangeProblem) setFilters(draft);
  };
  const events = query.data?.pages.flatMap((p) => p.events) ?? [];

  return (
    <>
      <h1>Audit log</h1>
      <p className="lead">
        Every sign-in, every change of access and every look at clinical records, newest first. Records cannot be
        changed without it showing.
      </p>

      <div className="actions">
        <button
          type="button"
          className="button button--quiet"
          onClick={() => verify.mutate()}
          disabled={verify.isPending}
        >
          {verify.isPending ? 'Checking…' : 'Check the log is intact'}
        </button>
        <a className="button button--quiet" href="/api/audit/export" download>
          Download as CSV
        </a>
      </div>
      <div role="status">
        {verify.data?.intact && (
          <p className="notice notice--success">The log is intact: all {verify.data.records} records check out.</p>
        )}
        {verify.data && !verify.data.intact && (
          <div className="notice">
            <p>
              <strong>The log has been changed.</strong> Record {verify.data.brokenAt?.seq}:{' '}
              {verify.data.brokenAt?.reason}. Keep a copy and tell whoever runs your Hearth server.
            </p>
          </div>
        )}
      </div>

      <form className="filters" onSubmit={onFilter}>
        <div className="field">
          <label htmlFor="filter-action">What happened</label>
          <select
            id="filter-action"
            value={draft.action}
            onChange={(e) => setDraft((d) => ({ ...d, action: e.target.value }))}
          >
            <option value="">Everything</option>
            {Object.entries(AUDIT_ACTION_WORDS).map(([action, words]) => (
              <option key={action} value={action}>
                {words}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-from">From</label>
          <input
            id="filter-from"
            type="date"
            value={draft.from}
            onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
          />
        </div>
        <div className="field">
          <label htmlFor="filter-to">To (including)</label>
          <input
            id="filter-to"
            type="date"
            value={draft.to}
            onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}
          />
        </div>
        <SubmitButton pending={false}>Show</SubmitButton>
      </form>

      {rangeProblem && <ProblemSummary title="Please check the dates" message={rangeProblem} />}
      {query.isError && <ProblemSummary title="The log could not be loaded" message={query.error.message} />}
      {query.isPending && <p role="status">Loading…</p>}
      {query.isSuccess && events.length === 0 && <p>Nothing matches.</p>}
      <ol className="list audit-list" aria-label="Audit records">
        {events.map((event) => (
          <li key={event.id} className="list__item">
            <div>
              <strong>{auditWords(event.action)}</strong>
              <span className="muted">
                {' '}
                · #{event.seq} · {formatInstant(event.occurredAt)}
              </span>
              <br />
              <span>
                {event.actor
                  ? `${event.actor.name ?? 'Unknown person'}${roleWords(event.actor.role)}`
                  : 'Someone who was not signed in'}
                {event.subject
                  ? ` · about ${event.subject.name ?? `${event.subject.type} ${event.subject.id.slice(0, 8)}`}`
                  : ''}
              </span>
              <br />
              <span className="muted">
                {event.ip ?? 'unknown address'} · {describeDevice(event.userAgent)}
                {Object.keys(event.detail).length > 0 &&
                  ` · ${Object.entries(event.detail)
                    .map(([k, v]) => `${k}: ${String(v)}`)
                    .join(', ')}`}
              </span>
            </div>
          </li>
        ))}
      </ol>
      {query.hasNextPage && (
        <button
          type="button"
          className="button button--quiet"
          onClick={() => void query.fetchNextPage()}
          disabled={query.isFetchingNextPage}
        >
          {query.isFetchingNextPage ? 'Loading…' : 'Show older records'}
        </button>
      )}
    </>
  );
}

/** " (Owner)" after a name, in words; nothing when the role is unknown. */
function roleWords(role: string | null): string {
  return role && isRole(role) ? ` (${ROLE_LABELS[role]})` : '';
}

/** The calendar day after a yyyy-mm-dd date, in the same form. */
function dayAfter(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}
