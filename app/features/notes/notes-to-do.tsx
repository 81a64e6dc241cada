import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.js';
import { notesKeys, type NotesToDo } from '../../api/notes.js';
import { useT } from '../../i18n/use-t.js';
import { useFormat } from '../../ui/format.js';

/** How many of a list show before the rest fold away. */
const SHOWN_FIRST = 5;

/**
 * The first few items of a list, and the rest behind "Show N more": a backlog of notes must not push
 * the week's sessions, below it on the agenda, screens out of reach.
 */
function Folded<T>({ items, item }: { items: readonly T[]; item: (entry: T) => ReactNode }) {
  const t = useT();
  const rest = items.slice(SHOWN_FIRST);
  return (
    <>
      <ul className="list">{items.slice(0, SHOWN_FIRST).map(item)}</ul>
      {rest.length > 0 && (
        <details>
          <summary>{t('notes.todo.more', { count: rest.length })}</summary>
          <ul className="list">{rest.map(item)}</ul>
        </details>
      )}
    </>
  );
}

/**
 * What waits on notes, on the home page and the agenda: sessions without signed notes and their age
 * (overdue past the practice's limit), notes waiting for the viewer's co-signature, and for owners
 * and admins the practice's overdue sessions, by group and facilitator, never by content.
 */
export function NotesToDoList() {
  const t = useT();
  const format = useFormat();
  const todo = useQuery({ queryKey: notesKeys.toDo, queryFn: () => api<NotesToDo>('/api/notes/to-do') });
  if (!todo.data) return null;
  const { unsigned, cosign, overdue, signWithinDays } = todo.data;
  if (unsigned.length === 0 && cosign.length === 0 && overdue.length === 0) return null;
  const when = (s: { startsAt: string; timeZone: string }) =>
    format.sessionTime(s.startsAt, undefined, { groupZone: s.timeZone, shownIn: 'group' });
  return (
    <section aria-labelledby="notes-to-do" className="card">
      <h2 id="notes-to-do">{t('notes.todo.heading')}</h2>
      {unsigned.length > 0 && (
        <>
          <h3>{t('notes.todo.unsigned', { count: unsigned.length, days: signWithinDays })}</h3>
          <Folded
            items={unsigned}
            item={(s) => (
              <li key={s.sessionId} className="list__item">
                <Link to={`/groups/${s.groupId}/sessions/${s.sessionId}/notes`}>
                  {t('notes.todo.session', { group: s.groupName, when: when(s) })}
                </Link>
                <span className={s.overdue ? 'badge badge--warning' : 'muted'}>
                  {t('notes.todo.age', {
                    days: s.days,
                    overdue: s.overdue ? 'yes' : 'no',
                    started: s.started ? 'yes' : 'no',
                  })}
                </span>
              </li>
            )}
          />
        </>
      )}
      {cosign.length > 0 && (
        <>
          <h3>{t('notes.todo.cosign', { count: cosign.length })}</h3>
          <Folded
            items={cosign}
            item={(c) => (
              <li key={c.noteId} className="list__item">
                <Link to={`/notes/${c.noteId}`}>
                  {t('notes.todo.cosignItem', { member: c.memberName, group: c.groupName, when: when(c) })}
                </Link>
                <span className="muted">{t('notes.todo.signedBy', { name: c.signedName })}</span>
              </li>
            )}
          />
        </>
      )}
      {overdue.length > 0 && (
        <>
          <h3>{t('notes.todo.overdue', { count: overdue.length })}</h3>
          <p className="muted">{t('notes.todo.overdueIntro')}</p>
          <Folded
            items={overdue}
            item={(s) => (
              <li key={s.sessionId} className="list__item">
                <span>{t('notes.todo.session', { group: s.groupName, when: when(s) })}</span>
                <span className="badge badge--warning">
                  {t('notes.todo.overdueBy', { days: s.days, facilitators: format.list(s.facilitators) })}
                </span>
              </li>
            )}
          />
        </>
      )}
    </section>
  );
}
