import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { PracticeVisibility } from '../../domain/skills.js';
import { useChanged } from '../api/changes.js';
import { api } from '../api/client.js';
import { skillKeys, type MySkills, type PracticeLog } from '../api/skills.js';
import { SkillCardBody } from '../features/skills/skill-card.js';
import { HeldNotice } from '../features/skills/held-notice.js';
import { VISIBILITY_WORDS } from '../features/skills/visibility.js';
import { useT } from '../i18n/use-t.js';
import { useFormat } from '../ui/format.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';

/** A member's practice between sessions: what to try, their own log, and what their group shared. */
export function PracticePage() {
  return <RequireViewer roles={['member']}>{() => <Practice />}</RequireViewer>;
}

function Practice() {
  const t = useT();
  const format = useFormat();
  usePageTitle(t('skills.practice.title'));
  const mine = useQuery({ queryKey: skillKeys.mine, queryFn: () => api<MySkills>('/api/my/skills') });
  const [status, setStatus] = useState('');
  const [held, setHeld] = useState(false);
  if (mine.isPending) return <p role="status">{t('skills.loading')}</p>;
  if (mine.isError) return <p role="alert">{mine.error.message}</p>;
  const { groups, assignments, logs } = mine.data;
  const groupName = (id: string) => groups.find((g) => g.id === id)?.name ?? '';
  return (
    <>
      <h1>{t('skills.practice.title')}</h1>
      <p className="lead">{t('skills.practice.lead')}</p>
      <section className="card" aria-labelledby="to-practise">
        <h2 id="to-practise">{t('skills.practice.toPractise')}</h2>
        {assignments.length === 0 ? (
          <p>{t('skills.practice.nothingAssigned')}</p>
        ) : (
          <ul className="list list--stacked">
            {assignments.map((a) => (
              <li key={a.id} className="list__item list__item--stacked">
                <h3>{a.card.title}</h3>
                <p className="muted">
                  {t('skills.practice.assignedDetail', {
                    group: groupName(a.groupId),
                    forYou: a.memberId ? 'you' : 'group',
                  })}
                  {a.dueAt && <> · {t('skills.practice.due', { when: format.shortDate(a.dueAt) })}</>}
                </p>
                {a.note && <p>{t('skills.practice.note', { note: a.note })}</p>}
                <details>
                  <summary>{t('skills.practice.readCard', { title: a.card.title })}</summary>
                  <SkillCardBody card={a.card} headingLevel={4} />
                </details>
                <p>
                  <Link
                    className="button"
                    to={`/practice/log?group=${encodeURIComponent(a.groupId)}&card=${encodeURIComponent(a.card.id)}`}
                  >
                    {t.rich('skills.practice.logThis', {
                      title: a.card.title,
                      hidden: (chunks) => <span className="visually-hidden">{chunks}</span>,
                    })}
                  </Link>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      {groups.some((g) => g.open) && (
        <section className="card" aria-labelledby="shared-heading">
          <h2 id="shared-heading">{t('skills.practice.sharedHeading')}</h2>
          <p>{t('skills.practice.sharedLead')}</p>
          <ul className="link-list">
            {groups
              .filter((g) => g.open)
              .map((g) => (
                <li key={g.id}>
                  <Link to={`/practice/groups/${g.id}`}>{t('skills.practice.sharedIn', { group: g.name })}</Link>
                </li>
              ))}
          </ul>
        </section>
      )}
      <section className="card" aria-labelledby="log-heading">
        <h2 id="log-heading">{t('skills.practice.logHeading')}</h2>
        <p className="muted">{t('skills.practice.logLead')}</p>
        <p role="status" className="status-line">
          {status}
        </p>
        {held && <HeldNotice what="entry" />}
        {logs.length === 0 ? (
          <p>{t('skills.practice.noLogs')}</p>
        ) : (
          <ul className="list list--stacked">
            {logs.map((log) => (
              <LogItem
                key={log.id}
                log={log}
                group={groupName(log.groupId)}
                open={groups.find((g) => g.id === log.groupId)?.open ?? false}
                onDone={(message, wasHeld) => {
                  setStatus(message);
                  setHeld(wasHeld);
                }}
              />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function LogItem({
  log,
  group,
  open,
  onDone,
}: {
  log: PracticeLog;
  group: string;
  open: boolean;
  onDone: (status: string, held: boolean) => void;
}) {
  const t = useT();
  const format = useFormat();
  const changed = useChanged();
  const share = useMutation({
    mutationFn: (visibility: PracticeVisibility) =>
      api<{ log: PracticeLog; held: boolean }>(`/api/my/skills/logs/${log.id}`, {
        method: 'PATCH',
        body: { visibility },
      }),
    onSuccess: (saved) => {
      onDone(t('skills.log.nowVisible', { title: log.cardTitle, visibility: saved.log.visibility }), saved.held);
      void changed({ group: log.groupId });
    },
    onError: (error) => onDone(error.message, false),
  });
  const choices = (['private', 'facilitators', 'group'] as const).filter(
    (v) => v !== log.visibility && (open || v !== 'group'),
  );
  return (
    <li className="list__item list__item--stacked">
      <h3>{log.cardTitle}</h3>
      <p className="muted">
        {t('skills.log.meta', { when: format.shortDate(log.createdAt), group, rating: log.rating })}
      </p>
      <p>{log.situation}</p>
      {log.learned && <p>{t('skills.log.learnedLine', { learned: log.learned })}</p>}
      <p>
        <span className="tag">{t(VISIBILITY_WORDS[log.visibility].short)}</span>
      </p>
      <div className="button-row">
        {choices.map((v) => (
          <button
            key={v}
            type="button"
            className="button button--quiet"
            disabled={share.isPending}
            onClick={() => share.mutate(v)}
          >
            {t.rich(VISIBILITY_WORDS[v].action, {
              title: log.cardTitle,
              hidden: (chunks) => <span className="visually-hidden">{chunks}</span>,
            })}
          </button>
        ))}
      </div>
    </li>
  );
}
