import { useMutation, useQuery } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { Link } from 'react-router';
import { EXPORT_KEEP_DAYS, OPEN_EXPORT_STATUSES } from '../../domain/data-export.js';
import { useChanged } from '../api/changes.js';
import { api } from '../api/client.js';
import { archiveUrl, dataExportKeys, type DataExport } from '../api/data-exports.js';
import { formatInstant } from '../ui/format.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { SubmitButton } from '../ui/submit-button.js';

/** While a copy is being prepared the page asks for progress this often. */
const POLL_MS = 2_000;

/** "Your data": a copy of everything Hearth holds about you, and where to ask for erasure. */
export function MyDataPage() {
  usePageTitle('Your data');
  return <RequireViewer>{() => <MyData />}</RequireViewer>;
}

function MyData() {
  return (
    <>
      <h1>Your data</h1>
      <p className="lead">
        You can download a copy of everything Hearth holds about you, whenever you like. It is free, and asking for it
        changes nothing else.
      </p>
      <section className="card" aria-labelledby="contents-heading">
        <h2 id="contents-heading">What the copy holds</h2>
        <ul>
          <li>Your account: your name, e-mail address and when you joined.</li>
          <li>Your practices and groups, the group agreements you accepted, and the names you chose to show others.</li>
          <li>Your attendance at sessions.</li>
          <li>The questions you answered before joining a group, your check-ins and your scores.</li>
          <li>Your reminder choices.</li>
          <li>Every time someone looked at or changed your records.</li>
        </ul>
        <p>
          It comes as one zip file with three parts: a summary you can read in any web browser, the same facts for
          computers (JSON), and your check-ins in FHIR, a format other health services can read. Nobody else’s details
          are in it.
        </p>
      </section>
      <section className="card" aria-labelledby="privacy-heading">
        <h2 id="privacy-heading">Who can see it, and for how long</h2>
        <p>
          Only you. Nobody at your practice can open or download your copy. Hearth notes that you asked for it and
          downloaded it, and you can see that in <Link to="/account">your account activity</Link>.
        </p>
        <p>
          Your copy is kept for {EXPORT_KEEP_DAYS} days after it is ready, then deleted. You can ask for a new one at
          any time.
        </p>
      </section>
      <YourCopy />

      {/* ─── Erasure requests: everything below this line belongs to the erasure feature, built separately. ─── */}
      <section className="card" aria-labelledby="erase-heading">
        <h2 id="erase-heading">Ask us to erase your data</h2>
        <p>
          If you would like your data erased, tell your facilitator or your practice. They will explain what can be
          erased now and what the law asks them to keep, and for how long.
        </p>
      </section>
      {/* ─── End of erasure requests. ─── */}
    </>
  );
}

function YourCopy() {
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
      <h2 id="copy-heading">Your copy</h2>
      {exports.isPending && <p role="status">Loading…</p>}
      {exports.isError && <p role="alert">Your copies could not be loaded. Please reload the page.</p>}
      <div role="status" aria-live="polite">
        {latest && <CopyStatus copy={latest} />}
      </div>
      {exports.data && !preparing && (
        <form onSubmit={onSubmit} className="actions">
          <SubmitButton
            pending={ask.isPending}
            pendingLabel="Asking…"
            className={latest?.status === 'ready' ? 'button button--quiet' : 'button'}
          >
            {latest ? 'Prepare a new copy' : 'Prepare my copy'}
          </SubmitButton>
        </form>
      )}
      {ask.isError && <p role="alert">{ask.error.message}</p>}
    </section>
  );
}

function CopyStatus({ copy }: { copy: DataExport }) {
  switch (copy.status) {
    case 'queued':
    case 'preparing':
      return (
        <div className="progress">
          <label htmlFor="copy-progress">
            {copy.status === 'queued'
              ? `Your copy will start in a moment: step ${copy.step} of ${copy.steps}.`
              : `Preparing your copy: step ${copy.step} of ${copy.steps}${copy.stepName ? ` (${copy.stepName.toLowerCase()})` : ''}.`}{' '}
            This usually takes less than a minute. You can leave this page and come back.
          </label>
          <progress id="copy-progress" value={copy.step} max={copy.steps} />
        </div>
      );
    case 'ready':
      return (
        <>
          <p>Your copy is ready. It can be downloaded until {formatInstant(copy.expiresAt!)}, then it is deleted.</p>
          <p>
            <a className="button" href={archiveUrl(copy.id)} download>
              Download your copy (zip, {kilobytes(copy.sizeBytes)})
            </a>
          </p>
        </>
      );
    case 'expired':
      return (
        <p>
          Your last copy was deleted {copy.expiresAt ? formatInstant(copy.expiresAt) : ''}, {EXPORT_KEEP_DAYS} days
          after it was ready. You can ask for a new one.
        </p>
      );
    case 'failed':
      return (
        <p>
          Something went wrong while preparing your copy, and it was not made. Nothing was shared with anyone. Please
          ask again; if it happens again, tell your practice.
        </p>
      );
  }
}

function kilobytes(bytes: number | null): string {
  return `${Math.max(1, Math.round((bytes ?? 0) / 1024))} KB`;
}
