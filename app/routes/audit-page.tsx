import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ADMIN_ROLES, isRole } from '../../domain/roles.js';
import { api } from '../api/client.js';
import { queryKeys } from '../api/session.js';
import { labelKey } from '../i18n/labels.js';
import { useT, type Translate } from '../i18n/use-t.js';
import { AUDIT_ACTION_WORDS, auditSubjectWords, auditWords } from '../ui/audit-words.js';
import { dayStartsAt, describeDevice, useFormat } from '../ui/format.js';
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
  const t = useT();
  usePageTitle(t('audit.title'));
  return <RequireViewer roles={ADMIN_ROLES}>{() => <AuditLog />}</RequireViewer>;
}

function AuditLog() {
  const t = useT();
  const format = useFormat();
  const [draft, setDraft] = useState({ action: '', from: '', to: '' });
  const [filters, setFilters] = useState(draft);
  const query = useInfiniteQuery({
    queryKey: queryKeys.audit(filters),
    initialPageParam: null as number | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams();
      if (filters.action) params.set('action', filters.action);
      // Days as the viewer lives them: a bare date would be read as UTC's day, which in Los Angeles
      // begins at 16:00 the day before and so showed the wrong evening's events.
      if (filters.from) params.set('from', dayStartsAt(filters.from, format.viewerZone));
      // "Up to and including" the chosen day: the server takes the instant before which to stop.
      if (filters.to) params.set('to', dayStartsAt(dayAfter(filters.to), format.viewerZone));
      if (pageParam) params.set('before', String(pageParam));
      return api<AuditPage>(`/api/audit?${params}`);
    },
    getNextPageParam: (last) => last.nextBefore,
  });
  const verify = useMutation({ mutationFn: () => api<Verdict>('/api/audit/verification') });
  const rangeProblem = draft.from && draft.to && draft.from > draft.to ? t('audit.rangeProblem') : null;
  const onFilter = (event: FormEvent) => {
    event.preventDefault();
    if (!rangeProblem) setFilters(draft);
  };
  const events = query.data?.pages.flatMap((p) => p.events) ?? [];

  return (
    <>
      <h1>{t('audit.title')}</h1>
      <p className="lead">{t('audit.lead')}</p>

      <div className="actions">
        <button
          type="button"
          className="button button--quiet"
          onClick={() => verify.mutate()}
          disabled={verify.isPending}
        >
          {verify.isPending ? t('audit.checking') : t('audit.check')}
        </button>
        <a className="button button--quiet" href="/api/audit/export" download>
          {t('audit.download')}
        </a>
      </div>
      <div role="status">
        {verify.data?.intact && (
          <p className="notice notice--success">{t('audit.intact', { records: verify.data.records })}</p>
        )}
        {verify.data && !verify.data.intact && (
          <div className="notice">
            <p>
              {t.rich('audit.changed', {
                seq: String(verify.data.brokenAt?.seq ?? ''),
                reason: verify.data.brokenAt?.reason ?? '',
                strong: (chunks) => <strong>{chunks}</strong>,
              })}
            </p>
          </div>
        )}
      </div>

      <form className="filters" onSubmit={onFilter}>
        <div className="field">
          <label htmlFor="filter-action">{t('audit.filter.action')}</label>
          <select
            id="filter-action"
            value={draft.action}
            onChange={(e) => setDraft((d) => ({ ...d, action: e.target.value }))}
          >
            <option value="">{t('audit.filter.everything')}</option>
            {Object.entries(AUDIT_ACTION_WORDS).map(([action, words]) => (
              <option key={action} value={action}>
                {t(words)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-from">{t('audit.filter.from')}</label>
          <input
            id="filter-from"
            type="date"
            value={draft.from}
            onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
          />
        </div>
        <div className="field">
          <label htmlFor="filter-to">{t('audit.filter.to')}</label>
          <input
            id="filter-to"
            type="date"
            value={draft.to}
            onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}
          />
        </div>
        <SubmitButton pending={false}>{t('audit.filter.show')}</SubmitButton>
      </form>

      {rangeProblem && <ProblemSummary title={t('audit.datesProblem')} message={rangeProblem} />}
      {query.isError && <ProblemSummary title={t('audit.loadFailed')} message={query.error.message} />}
      {query.isPending && <p role="status">{t('audit.loading')}</p>}
      {query.isSuccess && events.length === 0 && <p>{t('audit.nothing')}</p>}
      <ol className="list audit-list" aria-label={t('audit.recordsLabel')}>
        {events.map((event) => (
          <li key={event.id} className="list__item">
            <div>
              <strong>{auditWords(event.action, t)}</strong>
              <span className="muted">
                {' '}
                · #{event.seq} · {format.instant(event.occurredAt)}
              </span>
              <br />
              <span>
                {event.actor ? actorWords(t, event.actor) : t('audit.notSignedIn')}
                {event.subject && (
                  <>
                    {' · '}
                    {t('audit.about', { subject: auditSubjectWords(event.subject, t) })}
                  </>
                )}
              </span>
              <br />
              <span className="muted">
                {event.ip ?? t('audit.unknownAddress')} · {describeDevice(event.userAgent, t)}
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
          {query.isFetchingNextPage ? t('audit.loadingOlder') : t('audit.older')}
        </button>
      )}
    </>
  );
}

/** Who acted: their name, with their role in words when it is known ("Alex Morgan (Owner)"). */
function actorWords(t: Translate, actor: NonNullable<AuditEvent['actor']>): string {
  const name = actor.name ?? t('audit.unknownPerson');
  return actor.role && isRole(actor.role)
    ? t('audit.actorWithRole', { name, role: t(labelKey('role', actor.role)) })
    : name;
}

/** The calendar day after a yyyy-mm-dd date, in the same form. */
function dayAfter(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}
