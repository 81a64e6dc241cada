import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErasureReasonLimit } from '../../../domain/limits.js';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import { dataRightsKeys, type MyErasureRequest } from '../../api/data-rights.js';
import { useT } from '../../i18n/use-t.js';
import { formProblems } from '../../ui/form-problems.js';
import { useFormat } from '../../ui/format.js';
import { ProblemSummary } from '../../ui/problem-summary.js';
import { SubmitButton } from '../../ui/submit-button.js';
import { TextArea } from '../../ui/text-area.js';
import { useMyRetention } from './retention-summary.js';

/**
 * A member asks their practice to erase their information (docs/decisions/0030): first what will
 * go and what will stay, then the request, its answer date, and a way to take it back.
 */
export function ErasureRequest() {
  const t = useT();
  const mine = useQuery({
    queryKey: dataRightsKeys.myErasure,
    queryFn: () => api<{ request: MyErasureRequest | null }>('/api/my/erasure-request'),
  });
  return (
    <section className="card" aria-labelledby="erasure-heading">
      <h2 id="erasure-heading">{t('dataRights.erasure.heading')}</h2>
      {mine.isPending && <p role="status">{t('dataRights.loading')}</p>}
      {mine.isError && <p role="alert">{t('dataRights.loadFailed')}</p>}
      {mine.data && <ErasureState request={mine.data.request} />}
    </section>
  );
}

function ErasureState({ request }: { request: MyErasureRequest | null }) {
  const t = useT();
  const format = useFormat();
  if (request?.status === 'pending') return <Waiting request={request} />;
  return (
    <>
      {request?.status === 'declined' && (
        <div className="notice">
          <p>{t('dataRights.erasure.declined', { date: format.day(request.decidedAt!) })}</p>
          <p className="pre-line">{request.declineReason}</p>
          <p>{t('dataRights.erasure.askAgain')}</p>
        </div>
      )}
      {request?.status === 'withdrawn' && <p>{t('dataRights.erasure.withdrawn')}</p>}
      <WhatHappens />
      <AskForm />
    </>
  );
}

/** Before asking: in plain words, what goes, what stays and why. */
function WhatHappens() {
  const t = useT();
  const retention = useMyRetention();
  const settings = retention.data?.settings;
  return (
    <>
      <p>{t('dataRights.erasure.intro')}</p>
      <h3>{t('dataRights.erasure.erasedHeading')}</h3>
      <ul>
        <li>{t('dataRights.erasure.erasedSignIn')}</li>
        <li>{t('dataRights.erasure.erasedContact')}</li>
        <li>{t('dataRights.erasure.erasedPeers', { former: t('label.erased.formerMember') })}</li>
        <li>{t('dataRights.erasure.erasedGroups')}</li>
      </ul>
      <h3>{t('dataRights.erasure.keptHeading')}</h3>
      <ul>
        {settings && (
          <li>
            {t('dataRights.erasure.keptClinical', { years: settings.clinicalYears })}
            {settings.jurisdictionNote && (
              <> {t('dataRights.erasure.keptJurisdiction', { note: settings.jurisdictionNote })}</>
            )}
          </li>
        )}
        <li>{t('dataRights.erasure.keptAudit')}</li>
      </ul>
      <p>{t('dataRights.erasure.lastMail')}</p>
    </>
  );
}

function AskForm() {
  const t = useT();
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
  const problems = formProblems(ask.error, { reason: t('dataRights.erasure.reasonLabel') });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    ask.mutate();
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {problems && (
        <ProblemSummary title={t('dataRights.erasure.notSent')} message={problems.message} fields={problems.fields} />
      )}
      <TextArea
        name="reason"
        label={t('dataRights.erasure.reasonLabel')}
        hint={t('dataRights.erasure.reasonHint')}
        maxLength={ErasureReasonLimit.max}
        rows={3}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        problem={problems?.byField.reason}
      />
      <SubmitButton pending={ask.isPending} className="button button--quiet">
        {t('dataRights.erasure.ask')}
      </SubmitButton>
    </form>
  );
}

function Waiting({ request }: { request: MyErasureRequest }) {
  const t = useT();
  const format = useFormat();
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
        {t('dataRights.erasure.waiting', { asked: format.day(request.requestedAt), due: format.day(request.dueAt) })}
      </p>
      <p>{t('dataRights.erasure.canWithdraw')}</p>
      <form className="form" onSubmit={onSubmit} noValidate>
        {problems && <ProblemSummary title={t('dataRights.erasure.notWithdrawn')} message={problems.message} />}
        <SubmitButton pending={withdraw.isPending} className="button button--quiet">
          {t('dataRights.erasure.withdraw')}
        </SubmitButton>
      </form>
    </>
  );
}
