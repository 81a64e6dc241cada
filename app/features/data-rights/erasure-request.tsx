import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErasureReasonLimit } from '../../../domain/limits.js';
import { FORMER_MEMBER, period } from '../../../domain/retention.js';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import { dataRightsKeys, type MyErasureRequest } from '../../api/data-rights.js';
import { formProblems } from '../../ui/form-problems.js';
import { formatDay } from '../../ui/format.js';
import { ProblemSummary } from '../../ui/problem-summary.js';
import { SubmitButton } from '../../ui/submit-button.js';
import { TextArea } from '../../ui/text-area.js';
import { useMyRetention } from './retention-summary.js';

/**
 * A member asks their practice to erase their information (docs/decisions/0030): first what will
 * go and what will stay, then the request, its answer date, and a way to take it back.
 */
export function ErasureRequest() {
  const mine = useQuery({
    queryKey: dataRightsKeys.myErasure,
    queryFn: () => api<{ request: MyErasureRequest | null }>('/api/my/erasure-request'),
  });
  return (
    <section className="card" aria-labelledby="erasure-heading">
      <h2 id="erasure-heading">Erasing your information</h2>
      {mine.isPending && <p role="status">Loading…</p>}
      {mine.isError && <p role="alert">This could not be loaded. Please reload the page.</p>}
      {mine.data && <ErasureState request={mine.data.request} />}
    </section>
  );
}

function ErasureState({ request }: { request: MyErasureRequest | null }) {
  if (request?.status === 'pending') return <Waiting request={request} />;
  return (
    <>
      {request?.status === 'declined' && (
        <div className="notice">
          <p>
            Your practice did not erase your information. They answered on {formatDay(request.decidedAt!)} and said:
          </p>
          <p className="pre-line">{request.declineReason}</p>
          <p>You can ask again, or talk to your practice about it.</p>
        </div>
      )}
      {request?.status === 'withdrawn' && <p>You withdrew your last request. Nothing was erased.</p>}
      <WhatHappens />
      <AskForm />
    </>
  );
}

/** Before asking: in plain words, what goes, what stays and why. */
function WhatHappens() {
  const retention = useMyRetention();
  const settings = retention.data?.settings;
  return (
    <>
      <p>You can ask your practice to erase your information from Hearth. They answer within 30 days.</p>
      <h3>What would be erased</h3>
      <ul>
        <li>Your sign-in: your password and two-step sign-in. You would not be able to sign in again.</li>
        <li>Your contact details: your e-mail address and your name.</li>
        <li>
          Your display name: other members would see “{FORMER_MEMBER}” where your name was, and anything you shared with
          them would show “{FORMER_MEMBER}” too.
        </li>
        <li>Your places in groups, your reminders and calendar links.</li>
      </ul>
      <h3>What would be kept, and why</h3>
      <ul>
        <li>
          Your clinical records (attendance, questionnaire answers and scores, screening answers and notes) are kept
          {settings ? ` for ${period(settings.clinicalYears, 'year')} after your last session` : ''}, because the law
          asks that health records are kept. Only the clinicians who ran your groups can read them. They are deleted
          after that.
          {settings?.jurisdictionNote && (
            <>
              {' '}
              Your practice follows: <q>{settings.jurisdictionNote}</q>.
            </>
          )}
        </li>
        <li>
          The audit log keeps the fact that your records were opened or changed, and when, but never what they said.
        </li>
      </ul>
      <p>When your practice says yes, we send you one last e-mail saying what was erased and what was kept.</p>
    </>
  );
}

function AskForm() {
  const changed = useChanged();
  const [reason, setReason] = useState('');
  const ask = useMutation({
    mutationFn: () =>
      api<{ request: MyErasureRequest }>('/api/my/erasure-request', {
        method: 'POST',
        body: reason.trim() ? { reason } : {},
      }),
    onSuccess: () => changed('mine', 'account'),
  });
  const problems = formProblems(ask.error, { reason: 'Why you are asking' });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    ask.mutate();
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {problems && (
        <ProblemSummary title="Your request was not sent" message={problems.message} fields={problems.fields} />
      )}
      <TextArea
        name="reason"
        label="Why you are asking (optional)"
        hint="Only your practice’s administrators read this, and it is deleted once they answer."
        maxLength={ErasureReasonLimit.max}
        rows={3}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        problem={problems?.byField.reason}
      />
      <SubmitButton pending={ask.isPending} className="button button--quiet">
        Ask to erase my information
      </SubmitButton>
    </form>
  );
}

function Waiting({ request }: { request: MyErasureRequest }) {
  const changed = useChanged();
  const withdraw = useMutation({
    mutationFn: () => api<{ request: MyErasureRequest }>('/api/my/erasure-request/withdraw', { method: 'POST' }),
    onSuccess: () => changed('mine', 'account'),
  });
  const problems = formProblems(withdraw.error, {});
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    withdraw.mutate();
  };
  return (
    <>
      <p role="status" className="notice">
        You asked on {formatDay(request.requestedAt)}. Your practice will answer by {formatDay(request.dueAt)}.
      </p>
      <p>Until they answer, nothing changes, and you can take your request back.</p>
      <form className="form" onSubmit={onSubmit} noValidate>
        {problems && <ProblemSummary title="Your request was not withdrawn" message={problems.message} fields={[]} />}
        <SubmitButton pending={withdraw.isPending} className="button button--quiet">
          Withdraw my request
        </SubmitButton>
      </form>
    </>
  );
}
