import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import { measureKeys, type FormSummary, type Progress } from '../api/measures.js';
import { formatInstant } from '../ui/format.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { TrendChart } from '../ui/trend-chart.js';

/** A member's check-ins: what is waiting, their own progress in words, and what they have sent. */
export function CheckInsPage() {
  return <RequireViewer>{() => <CheckIns />}</RequireViewer>;
}

function CheckIns() {
  usePageTitle('Check-ins');
  const forms = useQuery({
    queryKey: measureKeys.mine,
    queryFn: () => api<{ waiting: FormSummary[]; sent: FormSummary[] }>('/api/my/measures'),
  });
  const progress = useQuery({ queryKey: measureKeys.progress, queryFn: () => api<Progress>('/api/my/progress') });
  if (forms.isPending) return <p role="status">Loading…</p>;
  if (forms.isError) return <p role="alert">{forms.error.message}</p>;
  const { waiting, sent } = forms.data;
  return (
    <>
      <h1>Check-ins</h1>
      <p className="lead">
        Short questionnaires that help you and your facilitator see how things are going. Only your facilitators see
        your answers. You can stop at any point and come back later.
      </p>
      <section className="card" aria-labelledby="waiting-heading">
        <h2 id="waiting-heading">Waiting for you</h2>
        {waiting.length === 0 ? (
          <p>Nothing right now. When your facilitator asks for a check-in, it will be here.</p>
        ) : (
          <ul className="list">
            {waiting.map((f) => (
              <li key={f.id} className="list__item">
                <div>
                  <strong>{f.title}</strong>
                  <span className="muted">
                    {' '}
                    · {f.groupName} · {f.questions} questions, about a minute
                  </span>
                  {f.status === 'in-progress' && <span className="tag">Started</span>}
                </div>
                <Link className="button" to={`/check-ins/${f.id}`}>
                  {f.status === 'in-progress' ? 'Carry on' : 'Start'}
                  <span className="visually-hidden"> {f.title}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      {progress.data && progress.data.measures.length > 0 && (
        <section className="card" aria-labelledby="progress-heading">
          <h2 id="progress-heading">Your progress</h2>
          {progress.data.measures.map((m) => (
            <div key={`${m.groupId}-${m.instrumentId}`} className="subsection">
              <h3>{m.title}</h3>
              <p>{m.words}</p>
              <TrendChart points={m.points} range={m.range} size="large" label={m.words} />
              <p className="muted">
                {m.lowerIsBetter ? 'Lower scores mean fewer difficulties.' : 'Higher scores mean more wellbeing.'}
              </p>
            </div>
          ))}
        </section>
      )}
      {sent.length > 0 && (
        <section className="card" aria-labelledby="sent-heading">
          <h2 id="sent-heading">Sent</h2>
          <ul className="list">
            {sent.map((f) => (
              <li key={f.id} className="list__item">
                <div>
                  <strong>{f.title}</strong>
                  <span className="muted">
                    {' '}
                    · {f.groupName} · sent {formatInstant(f.submittedAt!)}
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
