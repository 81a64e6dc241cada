import { useQuery } from '@tanstack/react-query';
import { dataRightsKeys, type MyRetention } from '../../api/data-rights.js';
import { api } from '../../api/client.js';
import { useT } from '../../i18n/use-t.js';

/** The practice's retention periods, for any component that explains them to a member. */
export function useMyRetention() {
  return useQuery({
    queryKey: dataRightsKeys.myRetention,
    queryFn: () => api<MyRetention>('/api/my/retention'),
  });
}

/** "How long we keep your information": the practice's retention settings in plain words. */
export function RetentionSummary() {
  const t = useT();
  const retention = useMyRetention();
  return (
    <section className="card" aria-labelledby="retention-heading">
      <h2 id="retention-heading">{t('dataRights.retention.heading')}</h2>
      {retention.isPending && <p role="status">{t('dataRights.loading')}</p>}
      {retention.isError && <p role="alert">{t('dataRights.loadFailed')}</p>}
      {retention.data && <RetentionWords retention={retention.data} />}
    </section>
  );
}

function RetentionWords({ retention: { practiceName, settings } }: { retention: MyRetention }) {
  const t = useT();
  return (
    <>
      <ul>
        <li>
          <strong>{t('dataRights.retention.clinicalName')}</strong>{' '}
          {t('dataRights.retention.clinical', { years: settings.clinicalYears })}
          {settings.jurisdictionNote && (
            <> {t('dataRights.retention.jurisdiction', { practice: practiceName, note: settings.jurisdictionNote })}</>
          )}
        </li>
        <li>
          <strong>{t('dataRights.retention.auditName')}</strong>{' '}
          {t('dataRights.retention.audit', { years: settings.auditYears })}
        </li>
        <li>
          <strong>{t('dataRights.retention.outboxName')}</strong>{' '}
          {t('dataRights.retention.outbox', { days: settings.outboxDays, practice: practiceName })}
        </li>
        <li>
          <strong>{t('dataRights.retention.signInName')}</strong>{' '}
          {t('dataRights.retention.signIn', { days: settings.signInDays })}
        </li>
      </ul>
      <p className="muted">{t('dataRights.retention.whose', { practice: practiceName })}</p>
    </>
  );
}
