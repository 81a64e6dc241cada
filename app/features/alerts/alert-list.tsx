import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import { scheduleKeys, type Alert } from '../../api/schedule.js';
import { AlertOutcomeLimit } from '../../../domain/limits.js';
import { useT } from '../../i18n/use-t.js';
import { useFormat } from '../../ui/format.js';
import { SubmitButton } from '../../ui/submit-button.js';
import { formProblems } from '../../ui/form-problems.js';
import { TextArea } from '../../ui/text-area.js';

/** Words for screen readers only, inside a message: `<hidden>…</hidden>`. */
const hidden = (chunks: ReactNode[]) => <span className="visually-hidden">{chunks}</span>;

/**
 * Open alerts, urgent first: a group's (with `groupId`) or every group the viewer runs. An urgent
 * alert is acknowledged ("I am on it", which stops its escalation) and every alert is closed with
 * what was done.
 */
export function AlertList({
  groupId,
  mayEdit,
  onDone,
}: {
  groupId?: string;
  mayEdit: boolean;
  onDone(message: string): void;
}) {
  const t = useT();
  const alerts = useQuery({
    queryKey: groupId ? scheduleKeys.alerts(groupId) : scheduleKeys.allAlerts,
    queryFn: () => api<{ alerts: Alert[] }>(groupId ? `/api/groups/${groupId}/alerts` : '/api/alerts'),
  });
  if (!alerts.data || alerts.data.alerts.length === 0) return null;
  return (
    <section className="card card--attention" aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">{t('alertList.heading')}</h2>
      <ul className="list">
        {alerts.data.alerts.map((a) => (
          <AlertRow key={a.id} alert={a} showGroup={!groupId} mayEdit={mayEdit} onDone={onDone} />
        ))}
      </ul>
    </section>
  );
}

function AlertRow({
  alert,
  showGroup,
  mayEdit,
  onDone,
}: {
  alert: Alert;
  showGroup: boolean;
  mayEdit: boolean;
  onDone(message: string): void;
}) {
  const t = useT();
  const format = useFormat();
  const changed = useChanged();
  const [outcome, setOutcome] = useState('');
  const refresh = () => void changed({ group: alert.groupId });
  const base = `/api/groups/${alert.groupId}/alerts/${alert.id}`;
  const acknowledge = useMutation({
    mutationFn: () => api<void>(`${base}/acknowledgement`, { method: 'POST' }),
    onSuccess: () => {
      refresh();
      onDone(t('alertList.acknowledgedNotice'));
    },
  });
  const resolve = useMutation({
    mutationFn: () => api<void>(`${base}/resolution`, { method: 'POST', body: { outcome } }),
    onSuccess: () => {
      refresh();
      onDone(t('alertList.closedNotice'));
    },
  });
  const who = alert.member
    ? `${alert.member.displayName ?? alert.member.name}${alert.member.displayName ? ` (${alert.member.name})` : ''}`
    : t('alertList.someone');
  const problems = formProblems(resolve.error, { outcome: t('alertList.outcome') });
  const length = outcome.trim().length;
  const over = length - AlertOutcomeLimit.max;
  return (
    <li className="list__item alert-row">
      <div>
        {alert.urgency === 'urgent' && <span className="tag tag--urgent">{t('alertList.urgent')}</span>}{' '}
        <strong>{who}</strong> {alert.summary}
        <br />
        <span className="muted">
          {showGroup && (
            <>
              <Link to={`/groups/${alert.groupId}/measures`}>{alert.groupName}</Link> ·{' '}
            </>
          )}
          {t('alertList.raised', { at: format.instant(alert.createdAt) })}
          {alert.acknowledged && (
            <>
              {' · '}
              {t('alertList.acknowledgedBy', { by: alert.acknowledged.by, at: format.instant(alert.acknowledged.at) })}
            </>
          )}
          {alert.escalatedAt && (
            <>
              {' · '}
              {t('alertList.escalated', { at: format.instant(alert.escalatedAt) })}
            </>
          )}
        </span>
      </div>
      {mayEdit && (
        <div className="alert-actions">
          {alert.urgency === 'urgent' && !alert.acknowledged && (
            <button
              type="button"
              className="button"
              onClick={() => acknowledge.mutate()}
              disabled={acknowledge.isPending}
            >
              {t.rich('alertList.onIt', { who, hidden })}
            </button>
          )}
          {/* Closed until needed: a list of alerts stays readable. */}
          <details>
            <summary>{t.rich('alertList.record', { who, hidden })}</summary>
            <form
              className="confirm"
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                resolve.mutate();
              }}
            >
              {/* Room for a risk call's write-up; the count is shown, never enforced by cutting a paste short. */}
              <TextArea
                name={`outcome-${alert.id}`}
                label={t('alertList.outcome')}
                hint={t('alertList.outcomeHint', { max: AlertOutcomeLimit.max })}
                problem={problems?.byField.outcome}
                rows={6}
                value={outcome}
                onChange={(e) => setOutcome(e.target.value)}
              />
              <p className={over > 0 ? 'counter counter--over' : 'counter'}>
                {over > 0
                  ? t('alertList.counterOver', { over })
                  : t('alertList.counter', { length, max: AlertOutcomeLimit.max })}
              </p>
              <SubmitButton pending={resolve.isPending}>{t.rich('alertList.close', { who, hidden })}</SubmitButton>
              {resolve.error && !problems?.byField.outcome && <p role="alert">{resolve.error.message}</p>}
            </form>
          </details>
          {acknowledge.error && <p role="alert">{acknowledge.error.message}</p>}
        </div>
      )}
    </li>
  );
}
