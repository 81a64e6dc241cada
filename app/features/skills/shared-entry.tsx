import type { ReactNode } from 'react';
import type { SharedLog } from '../../api/skills.js';
import { useT } from '../../i18n/use-t.js';
import { useFormat } from '../../ui/format.js';

/** One shared practice entry with the feedback it got: the same for peers and facilitators. */
export function SharedEntry({ entry, children }: { entry: SharedLog; children?: ReactNode }) {
  const t = useT();
  const format = useFormat();
  return (
    <li className="list__item list__item--stacked">
      <h3>
        {t('skills.shared.entryHeading', {
          name: entry.author,
          title: entry.cardTitle,
          mine: entry.mine ? 'yes' : 'no',
        })}
      </h3>
      <p className="muted">
        {t('skills.shared.entryMeta', { when: format.shortDate(entry.createdAt), rating: entry.rating })}
      </p>
      <p>{entry.situation}</p>
      {entry.learned && <p>{t('skills.log.learnedLine', { learned: entry.learned })}</p>}
      {entry.feedback.length > 0 && (
        <>
          <h4>{t('skills.feedback.heading')}</h4>
          {entry.feedback.map((f) => (
            <div key={f.id} className="feedback">
              <p className="muted">
                {t('skills.feedback.from', { name: f.from, mine: f.mine ? 'yes' : 'no' })}
                {f.held && <> · {t('skills.feedback.held')}</>}
              </p>
              {f.worked && <p>{t('skills.feedback.workedLine', { text: f.worked })}</p>}
              {f.tryNext && <p>{t('skills.feedback.tryNextLine', { text: f.tryNext })}</p>}
            </div>
          ))}
        </>
      )}
      {children}
    </li>
  );
}
