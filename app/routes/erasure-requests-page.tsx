import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErasureDeclineReasonLimit } from '../../domain/limits.js';
import { ADMIN_ROLES } from '../../domain/roles.js';
import { useChanged } from '../api/changes.js';
import { api } from '../api/client.js';
import { dataRightsKeys, type ErasureRequest } from '../api/data-rights.js';
import { formProblems } from '../ui/form-problems.js';
import { formatDay, formatInstant } from '../ui/format.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { SubmitButton } from '../ui/submit-button.js';
import { TextArea } from '../ui/text-area.js';

const STATUS_WORDS: Record<ErasureRequest['status'], string> = {
  pending: 'Waiting for an answer',
  approved: 'Approved: erased',
  declined: 'Declined',
  withdrawn: 'Withdrawn by the member',
};

/** The practice's erasure requests: those waiting first, with their due dates (docs/decisions/0030). */
export function ErasureRequestsPage() {
  usePageTitle('Erasure requests');
  return <RequireViewer roles={ADMIN_ROLES}>{() => <Requests />}</RequireViewer>;
}

function Requests() {
  const requests = useQuery({
    queryKey: dataRightsKeys.requests,
    queryFn: () => api<{ requests: ErasureRequest[] }>('/api/erasure-requests'),
  });
  return (
    <>
      <h1>Erasure requests</h1>
      <p className="lead">
        Members can ask to be erased. Approving erases their sign-in, contact details and name (other members see “a
        former member”) and ends their places in groups. Their clinical records stay, readable by their clinicians, for
        the period under Practice settings, and are then deleted. Answer each request within 30 days.
      </p>
      {requests.isPending && <p role="status">Loading…</p>}
      {requests.isError && <p role="alert">The requests could not be loaded. Please reload the page.</p>}
      {requests.data && requests.data.requests.length === 0 && <p>No member has asked to be erased.</p>}
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
  const headingId = `request-${request.id}`;
  return (
    <article aria-labelledby={headingId}>
      <h2 id={headingId}>
        {request.person} {request.overdue && <span className="tag tag--urgent">Overdue</span>}
      </h2>
      <dl className="details">
        <dt>Asked</dt>
        <dd>{formatInstant(request.requestedAt)}</dd>
        <dt>Answer by</dt>
        <dd>{formatDay(request.dueAt)}</dd>
        <dt>Status</dt>
        <dd>{STATUS_WORDS[request.status]}</dd>
        {request.reason && (
          <>
            <dt>Their reason</dt>
            <dd className="pre-line">{request.reason}</dd>
          </>
        )}
        {request.declineReason && (
          <>
            <dt>Your answer</dt>
            <dd className="pre-line">{request.declineReason}</dd>
          </>
        )}
        {request.retainUntil && (
          <>
            <dt>Clinical records kept until</dt>
            <dd>{formatDay(request.retainUntil)}</dd>
          </>
        )}
      </dl>
      {request.status === 'pending' && <Decide request={request} />}
    </article>
  );
}

function Decide({ request }: { request: ErasureRequest }) {
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
  const declineProblems = formProblems(decline.error, { reason: 'Why you decline' }, prefix);
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
          Approve…
        </button>
      ) : (
        <form className="form" onSubmit={onApprove} noValidate>
          {approveProblems && <ProblemSummary title="Nothing was erased" message={approveProblems.message} />}
          <p>
            <strong>This cannot be undone.</strong> {request.person} will be told by e-mail, then erased.
          </p>
          <SubmitButton pending={approve.isPending}>Approve and erase</SubmitButton>{' '}
          <button type="button" className="button button--quiet" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </form>
      )}
      <details>
        <summary>Decline…</summary>
        <form className="form" onSubmit={onDecline} noValidate>
          {declineProblems && (
            <ProblemSummary
              title="The request was not declined"
              message={declineProblems.message}
              fields={declineProblems.fields}
            />
          )}
          <TextArea
            name={`${prefix}reason`}
            label="Why you decline"
            hint="The member reads this. Say what they can do next."
            maxLength={ErasureDeclineReasonLimit.max}
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            problem={declineProblems?.byField.reason}
          />
          <SubmitButton pending={decline.isPending} className="button button--quiet">
            Decline the request
          </SubmitButton>
        </form>
      </details>
    </div>
  );
}
