import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import { measureKeys, type FormSummary, type Progress } from '../api/measures.js';
import { useT } from '../i18n/use-t.js';
import { useFormat } from '../ui/format.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { TrendChart } from '../ui/trend-chart.js';

/** A member's check-ins: what is waiting, their own progress in words, and what they have sent. */
export function CheckInsPage() {
  return <RequireViewer>{() => <CheckIns />}</RequireViewer>;
}

function CheckIns() {
  const t = useT();
  const format = useFormat();
  usePageTitle(t('checkIns.title'));
  const forms = useQuery({
    queryKey: measureKeys.mine,
    queryFn: () => api<{ waiting: FormSummary[]; sent: FormSummary[] }>('/api/my/measures'),
  });
  const progress = useQuery({ queryKey: measureKeys.progress, queryFn: () => api<Progress>('/api/my/progress') });
  if (forms.isPending) return <p role="status">{t('checkIns.loading')}</p>;
  if (forms.isError) return <p role="alert">{forms.error.message}</p>;
  const { waiting, sent } = forms.data;
  return (
    <>
      <h1>{t('checkIns.title')}</h1>
      <p className="lead">{t('checkIns.lead')}</p>
      <section className="card" aria-labelledby="waiting-heading">
        <h2 id="waiting-heading">{t('checkIns.waiting')}</h2>
        {waiting.length === 0 ? (
          <p>{t('checkIns.nothingWaiting')}</p>
        ) : (
          <ul className="list">
            {waiting.map((f) => (
              <li key={f.id} className="list__item">
                <div>
                  <strong>{f.title}</strong>
                  <span className="muted">
                    {' '}
                    {t('checkIns.waitingDetail', { group: f.groupName, count: f.questions })}
                  </span>
                  {f.status === 'in-progress' && <span className="tag">{t('checkIns.started')}</span>}
                </div>
                <Link className="button" to={`/check-ins/${f.id}`}>
                  {t.rich(f.status === 'in-progress' ? 'checkIns.carryOn' : 'checkIns.start', {
                    title: f.title,
                    hidden: (chunks) => <span className="visually-hidden">{chunks}</span>,
                  })}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      {progress.data && progress.data.measures.length > 0 && (
        <section className="card" aria-labelledby="progress-heading">
          <h2 id="progress-heading">{t('checkIns.progress')}</h2>
          {progress.data.measures.map((m) => (
            <div key={`${m.groupId}-${m.instrumentId}`} className="subsection">
              <h3>{m.title}</h3>
              <p>{m.words}</p>
              <TrendChart points={m.points} range={m.range} size="large" label={m.words} />
              <p className="muted">{t(m.lowerIsBetter ? 'checkIns.lowerIsBetter' : 'checkIns.higherIsBetter')}</p>
            </div>
          ))}
        </section>
      )}
      {sent.length > 0 && (
        <section className="card" aria-labelledby="sent-heading">
          <h2 id="sent-heading">{t('checkIns.sent')}</h2>
          <ul className="list">
            {sent.map((f) => (
              <li key={f.id} className="list__item">
                <div>
                  <strong>{f.title}</strong>
                  <span className="muted">
                    {' '}
                    {t('checkIns.sentDetail', { group: f.groupName, when: format.instant(f.submittedAt!) })}
                  </span>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
