import type { Viewer } from '../api/session.js';
import { ErasureRequest } from '../features/data-rights/erasure-request.js';
import { RetentionSummary } from '../features/data-rights/retention-summary.js';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { Link } from 'react-router';
import { DATA_EXPORT_STEPS, EXPORT_KEEP_DAYS, OPEN_EXPORT_STATUSES } from '../../domain/data-export.js';
import { useChanged } from '../api/changes.js';
import { api } from '../api/client.js';
import { archiveUrl, dataExportKeys, type DataExport } from '../api/data-exports.js';
import type { MessageKey } from '../i18n/message-key.js';
import { useT } from '../i18n/use-t.js';
import { useFormat } from '../ui/format.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { SubmitButton } from '../ui/submit-button.js';

/** While a copy is being prepared the page asks for progress this often. */
const POLL_MS = 2_000;

/** What the job is doing at each step, in the reader's language (domain/data-export.ts's order). */
const STEP_KEYS = DATA_EXPORT_STEPS.map((_, i) => `myData.step.${i + 1}` as MessageKey);

/** "Your data": a copy of everything Hearth holds about you, and where to ask for erasure. */
export function MyDataPage() {
  const t = useT();
  usePageTitle(t('myData.title'));
  return <RequireViewer>{(viewer) => <MyData viewer={viewer} />}</RequireViewer>;
}

function MyData({ viewer }: { viewer: Viewer }) {
  const t = useT();
  return (
    <>
      <h1>{t('myData.title')}</h1>
      <p className="lead">{t('myData.lead')}</p>
      <section className="card" aria-labelledby="contents-heading">
        <h2 id="contents-heading">{t('myData.contents.heading')}</h2>
        <ul>
          <li>{t('myData.contents.account')}</li>
          <li>{t('myData.contents.groups')}</li>
          <li>{t('myData.contents.attendance')}</li>
          <li>{t('myData.contents.answers')}</li>
          <li>{t('myData.contents.reminders')}</li>
          <li>{t('myData.contents.history')}</li>
        </ul>
        <p>{t('myData.contents.format')}</p>
      </section>
      <section className="card" aria-labelledby="privacy-heading">
        <h2 id="privacy-heading">{t('myData.privacy.heading')}</h2>
        <p>{t.rich('myData.privacy.onlyYou', { link: (chunks) => <Link to="/account">{chunks}</Link> })}</p>
        <p>{t('myData.privacy.kept', { days: EXPORT_KEEP_DAYS })}</p>
      </section>
      <YourCopy />
      {/* How long each kind of record is kept, and asking to be erased: a member's own rights. */}
      {viewer.practice.role === 'member' && !viewer.mustEnrolTwoFactor ? (
        <>
          <RetentionSummary />
          <ErasureRequest />
        </>
      ) : (
        <section className="card" aria-labelledby="erase-heading">
          <h2 id="erase-heading">{t('myData.erase.heading')}</h2>
          <p>{t('myData.erase.body')}</p>
        </section>
      )}
    </>
  );
}

function YourCopy() {
  const t = useT();
  const changed = useChanged();
  const exports = useQuery({
    queryKey: dataExportKeys.mine,
    queryFn: () => api<{ exports: DataExport[] }>('/api/me/data-exports'),
    // Progress: asks again while a copy is being prepared, and stops once it is done.
    refetchInterval: (query) =>
      query.state.data?.exports.some((e) => OPEN_EXPORT_STATUSES.includes(e.status)) ? POLL_MS : false,
  });
  const ask = useMutation({
    mutationFn: () => api<DataExport>('/api/me/data-exports', { method: 'POST' }),
    onSuccess: () => changed('account'),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    ask.mutate();
  };
  const latest = exports.data?.exports[0];
  const preparing = latest && OPEN_EXPORT_STATUSES.includes(latest.status);

  return (
    <section className="card" aria-labelledby="copy-heading">
      <h2 id="copy-heading">{t('myData.copy.heading')}</h2>
      {exports.isPending && <p role="status">{t('myData.copy.loading')}</p>}
      {exports.isError && <p role="alert">{t('myData.copy.loadFailed')}</p>}
      <div role="status" aria-live="polite">
        {latest && <CopyStatus copy={latest} />}
      </div>
      {exports.data && !preparing && (
        <form onSubmit={onSubmit} className="actions">
          <SubmitButton
            pending={ask.isPending}
            pendingLabel={t('myData.copy.asking')}
            className={latest?.status === 'ready' ? 'button button--quiet' : 'button'}
          >
            {latest ? t('myData.copy.askAgain') : t('myData.copy.ask')}
          </SubmitButton>
        </form>
      )}
      {ask.isError && <p role="alert">{ask.error.message}</p>}
    </section>
  );
}

function CopyStatus({ copy }: { copy: DataExport }) {
  const t = useT();
  const format = useFormat();
  switch (copy.status) {
    case 'queued':
    case 'preparing': {
      const stepKey = copy.status === 'preparing' && copy.step > 0 ? STEP_KEYS[copy.step - 1] : undefined;
      const progress = { step: copy.step, steps: copy.steps };
      return (
        <div className="progress">
          <label htmlFor="copy-progress">
            {copy.status === 'queued'
              ? t('myData.copy.queued', progress)
              : stepKey
                ? t('myData.copy.preparingStep', { ...progress, stepName: t(stepKey) })
                : t('myData.copy.preparing', progress)}{' '}
            {t('myData.copy.wait')}
          </label>
          <progress id="copy-progress" value={copy.step} max={copy.steps} />
        </div>
      );
    }
    case 'ready':
      return (
        <>
          <p>{t('myData.copy.ready', { expiresAt: format.instant(copy.expiresAt!) })}</p>
          <p>
            <a className="button" href={archiveUrl(copy.id)} download>
              {t('myData.copy.download', { kilobytes: Math.max(1, Math.round((copy.sizeBytes ?? 0) / 1024)) })}
            </a>
          </p>
        </>
      );
    case 'expired':
      return (
        <p>
          {t('myData.copy.expired', {
            expiresAt: copy.expiresAt ? format.instant(copy.expiresAt) : '',
            days: EXPORT_KEEP_DAYS,
          })}
        </p>
      );
    case 'failed':
      return <p>{t('myData.copy.failed')}</p>;
  }
}
