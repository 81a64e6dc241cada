import { useQuery } from '@tanstack/react-query';
import { period } from '../../../domain/retention.js';
import { dataRightsKeys, type MyRetention } from '../../api/data-rights.js';
import { api } from '../../api/client.js';

/** The practice's retention periods, for any component that explains them to a member. */
export function useMyRetention() {
  return useQuery({
    queryKey: dataRightsKeys.myRetention,
    queryFn: () => api<MyRetention>('/api/my/retention'),
  });
}

/** "How long we keep your information": the practice's retention settings in plain words. */
export function RetentionSummary() {
  const retention = useMyRetention();
  return (
    <section className="card" aria-labelledby="retention-heading">
      <h2 id="retention-heading">How long we keep your information</h2>
      {retention.isPending && <p role="status">Loading…</p>}
      {retention.isError && <p role="alert">This could not be loaded. Please reload the page.</p>}
      {retention.data && <RetentionWords retention={retention.data} />}
    </section>
  );
}

function RetentionWords({ retention: { practiceName, settings } }: { retention: MyRetention }) {
  return (
    <>
      <ul>
        <li>
          <strong>Your clinical records</strong> (attendance, questionnaire answers and scores, screening answers and
          your clinicians’ notes) are kept for {period(settings.clinicalYears, 'year')} after your last session, because
          the law asks that health records are kept.
          {settings.jurisdictionNote && (
            <>
              {' '}
              {practiceName} follows: <q>{settings.jurisdictionNote}</q>.
            </>
          )}
        </li>
        <li>
          <strong>The audit log</strong>, which records who opened or changed your records and when, is kept for{' '}
          {period(settings.auditYears, 'year')}. It never holds what your records say.
        </li>
        <li>
          <strong>Copies of e-mails</strong> Hearth keeps for {practiceName} are deleted after{' '}
          {period(settings.outboxDays, 'day')}.
        </li>
        <li>
          <strong>Records of your sign-ins</strong> are deleted {period(settings.signInDays, 'day')} after they end.
        </li>
      </ul>
      <p className="muted">These are {practiceName}’s settings. If you have questions, ask your practice.</p>
    </>
  );
}
