import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client.js';
import { measureKeys, type FormSummary } from '../../api/measures.js';
import { scheduleKeys, type MySessions } from '../../api/schedule.js';
import { formatSessionTime } from '../../ui/format.js';

/** A member's home: their next session and any check-in waiting, one tap from each. */
export function ComingUp() {
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
      <h2 id="coming-up-heading">Coming up</h2>
      <ul className="list">
        {next && (
          <li className="list__item">
            <div>
              <strong>Next session:</strong> {next.groupName}, {formatSessionTime(next.startsAt, next.endsAt)}
            </div>
            <Link to="/sessions">Details</Link>
          </li>
        )}
        {waiting.length > 0 && (
          <li className="list__item">
            <div>
              {waiting.length === 1
                ? 'A short check-in is waiting for you, when you are ready.'
                : `${waiting.length} short check-ins are waiting for you, when you are ready.`}
            </div>
            <Link to="/check-ins">Check-ins</Link>
          </li>
        )}
      </ul>
    </section>
  );
}
