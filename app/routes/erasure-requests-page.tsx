import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErasureDeclineReasonLimit } from '../../domain/limits.js';
import { ADMIN_ROLES } from '../../domain/roles.js';
import { useChanged } from '../api/changes.js';
import { api } from '../api/client.js';
import { dataRightsKeys, type ErasureRequest } from '../api/data-rights.js';
import { useT } from '../i18n/use-t.js';
import { formProblems } from '../ui/form-problems.js';
import { useFormat } from '../ui/format.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { SubmitButton } from '../ui/submit-button.js';
import { TextArea } from '../ui/text-area.js';

const STATUS_KEYS = {
  pending: 'erasureRequests.status.pending',
  approved: 'erasureRequests.status.approved',
  declined: 'erasureRequests.status.declined',
  withdrawn: 'erasureRequests.status.withdrawn',
} as const satisfies Record<ErasureRequest['status'], string>;

const strong = (chunks: React.ReactNode[]) => <strong>{chunks}</strong>;

/** The practice's erasure requests: those waiting first, with their due dates (docs/decisions/0030). */
export function ErasureRequestsPage() {
  const t = useT();
  usePageTitle(t('erasureRequests.title'));
  return <RequireViewer roles={ADMIN_ROLES}>{() => <Requests />}</RequireViewer>;
}

function Requests() {
  const t = useT();
  const requests = useQuery({
    queryKey: dataRightsKeys.requests,
    queryFn: () => api<{ requests: ErasureRequest[] }>('/api/erasure-requests'),
  });
  return (
    <>
      <h1>{t('erasureRequests.title')}</h1>
      <p className="lead">{t('erasureRequests.lead')}</p>
      {requests.isPending && <p role="status">{t('erasureRequests.loading')}</p>}
      {requests.isError && <p role="alert">{t('erasureRequests.loadFailed')}</p>}
      {requests.data && requests.data.requests.length === 0 && <p>{t('erasureRequests.none')}</p>}
      {requests.data && requests.data.requests.length > 0 && (
        <ul className="list">
          {requests.data.requests.map((r) => (
            <li key={r.id} className="card list__item">
              <RequestCard request={r} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function RequestCard({ request }: { request: ErasureRequest }) {
  const t = useT();
  const format = useFormat();
  const headingId = `request-${request.id}`;
  return (
    <article aria-labelledby={headingId}>
      <h2 id={headingId}>
        {request.person} {request.overdue && <span className="tag tag--urgent">{t('erasureRequests.overdue')}</span>}
      </h2>
      <dl className="details">
        <dt>{t('erasureRequests.asked')}</dt>
        <dd>{format.instant(request.requestedAt)}</dd>
        <dt>{t('erasureRequests.due')}</dt>
        <dd>{format.day(request.dueAt)}</dd>
        <dt>{t('erasureRequests.status')}</dt>
        <dd>{t(STATUS_KEYS[request.status])}</dd>
        {request.reason && (
          <>
            <dt>{t('erasureRequests.reason')}</dt>
            <dd className="pre-line">{request.reason}</dd>
          </>
        )}
        {request.declineReason && (
          <>
            <dt>{t('erasureRequests.answer')}</dt>
            <dd className="pre-line">{request.declineReason}</dd>
          </>
        )}
        {request.retainUntil && (
          <>
            <dt>{t('erasureRequests.retainUntil')}</dt>
            <dd>{format.shortDate(request.retainUntil)}</dd>
          </>
        )}
      </dl>
      {request.status === 'pending' && <Decide request={request} />}
    </article>
  );
}

function Decide({ request }: { request: ErasureRequest }) {
  const t = useT();
  const changed = useChanged();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const approve = useMutation({
    mutationFn: () => api<ErasureRequest>(`/api/erasure-requests/${request.id}/approve`, { method: 'POST' }),
    onSuccess: () => changed('people', 'groups'),
  });
  const decline = useMutation({
    mutationFn: () =>
      api<ErasureRequest>(`/api/erasure-requests/${request.id}/decline`, { method: 'POST', body: { reason } }),
    onSuccess: () => changed('people'),
  });
  const prefix = `${request.id}-`;
  const declineProblems = formProblems(decline.error, { reason: t('erasureRequests.declineLabel') }, prefix);
  const approveProblems = formProblems(approve.error, {});
  const onApprove = (event: FormEvent) => {
    event.preventDefault();
    approve.mutate();
  };
  const onDecline = (event: FormEvent) => {
    event.preventDefault();
    decline.mutate();
  };
  return (
    <div className="actions">
      {!confirming ? (
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          {t('erasureRequests.approve')}
        </button>
      ) : (
        <form className="form" onSubmit={onApprove} noValidate>
          {approveProblems && (
            <ProblemSummary title={t('erasureRequests.nothingErased')} message={approveProblems.message} />
          )}
          <p>{t.rich('erasureRequests.cannotUndo', { person: request.person, strong })}</p>
          <SubmitButton pending={approve.isPending}>{t('erasureRequests.approveAndErase')}</SubmitButton>{' '}
          <button type="button" className="button button--quiet" onClick={() => setConfirming(false)}>
            {t('erasureRequests.cancel')}
          </button>
        </form>
      )}
      <details>
        <summary>{t('erasureRequests.decline')}</summary>
        <form className="form" onSubmit={onDecline} noValidate>
          {declineProblems && (
            <ProblemSummary
              title={t('erasureRequests.notDeclined')}
              message={declineProblems.message}
              fields={declineProblems.fields}
            />
          )}
          <TextArea
            name={`${prefix}reason`}
            label={t('erasureRequests.declineLabel')}
            hint={t('erasureRequests.declineHint')}
            maxLength={ErasureDeclineReasonLimit.max}
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            problem={declineProblems?.byField.reason}
          />
          <SubmitButton pending={decline.isPending} className="button button--quiet">
            {t('erasureRequests.declineSubmit')}
          </SubmitButton>
        </form>
      </details>
    </div>
  );
}
