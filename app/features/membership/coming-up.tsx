import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client.js';
import { measureKeys, type FormSummary } from '../../api/measures.js';
import { scheduleKeys, type MySessions } from '../../api/schedule.js';
import { useT } from '../../i18n/use-t.js';
import { useFormat } from '../../ui/format.js';
import { useNow } from '../../ui/use-now.js';

/** A member's home: their next session and any check-in waiting, one tap from each. */
export function ComingUp() {
  const t = useT();
  const format = useFormat();
  const now = useNow();
  const sessions = useQuery({ queryKey: scheduleKeys.mine, queryFn: () => api<MySessions>('/api/my/sessions') });
  const forms = useQuery({
    queryKey: measureKeys.mine,
    queryFn: () => api<{ waiting: FormSummary[]; sent: FormSummary[] }>('/api/my/measures'),
  });
  const next = sessions.data?.upcoming.find((s) => s.status === 'scheduled');
  const waiting = forms.data?.waiting ?? [];
  if (!next && waiting.length === 0) return null;
  return (
    <section className="card" aria-labelledby="coming-up-heading">
      <h2 id="coming-up-heading">{t('comingUp.heading')}</h2>
      <ul className="list">
        {next && (
          <li className="list__item">
            <div>
              {t.rich('comingUp.nextSession', {
                group: next.groupName,
                when: format.sessionTime(next.startsAt, next.endsAt, { groupZone: next.timeZone, shownIn: 'viewer' }),
                relative: format.relative(next.startsAt, now),
                strong: (chunks) => <strong>{chunks}</strong>,
              })}
            </div>
            <Link to="/sessions">{t('comingUp.details')}</Link>
          </li>
        )}
        {waiting.length > 0 && (
          <li className="list__item">
            <div>{t('comingUp.waiting', { count: waiting.length })}</div>
            <Link to="/check-ins">{t('comingUp.checkIns')}</Link>
          </li>
        )}
      </ul>
    </section>
  );
}
