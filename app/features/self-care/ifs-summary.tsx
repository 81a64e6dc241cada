import { EIGHT_CS, SIX_FS } from '../../../domain/ifs.js';
import type { IfsItem } from '../../api/self-care.js';
import { useT } from '../../i18n/use-t.js';
import { useFormat } from '../../ui/format.js';
import { C_WORDS, KIND_WORDS, ROLE_WORDS, SIX_FS_WORDS } from './ifs-words.js';

/** What an item says, as text: the parts map's text view, a reflection's answers, a check-in's ratings. */
export function ItemText({ item }: { item: IfsItem }) {
  const t = useT();
  switch (item.kind) {
    case 'partsMap':
      return item.content.parts.length === 0 ? (
        <p className="muted">{t('ifs.parts.none')}</p>
      ) : (
        <ul className="parts-text">
          {item.content.parts.map((part) => (
            <li key={part.id}>
              <strong>{part.name}</strong> ({t(ROLE_WORDS[part.role])})
              <dl>
                {part.does && (
                  <>
                    <dt>{t('ifs.parts.does')}</dt>
                    <dd>{part.does}</dd>
                  </>
                )}
                {part.fears && (
                  <>
                    <dt>{t('ifs.parts.fears')}</dt>
                    <dd>{part.fears}</dd>
                  </>
                )}
                {part.needs && (
                  <>
                    <dt>{t('ifs.parts.needs')}</dt>
                    <dd>{part.needs}</dd>
                  </>
                )}
              </dl>
            </li>
          ))}
        </ul>
      );
    case 'sixFs':
      return (
        <dl>
          {item.content.part && (
            <>
              <dt>{t('ifs.sixFs.part')}</dt>
              <dd>{item.content.part}</dd>
            </>
          )}
          {SIX_FS.filter((f) => item.content.answers[f]).map((f) => (
            <div key={f}>
              <dt>{t(SIX_FS_WORDS[f].title)}</dt>
              <dd>{item.content.answers[f]}</dd>
            </div>
          ))}
        </dl>
      );
    case 'selfCheck':
      return (
        <>
          <ul className="ratings">
            {EIGHT_CS.map((c) => (
              <li key={c}>{t('ifs.selfCheck.rating', { c: t(C_WORDS[c]), value: item.content.ratings[c] })}</li>
            ))}
          </ul>
          {item.content.note && <p>{item.content.note}</p>}
        </>
      );
  }
}

/** An item a member shared, as their facilitator reads it. */
export function SharedItem({ item }: { item: IfsItem }) {
  const t = useT();
  const format = useFormat();
  return (
    <section className="card">
      <h3>
        {t(KIND_WORDS[item.kind])}
        <span className="muted"> · {format.shortDate(item.updatedAt)}</span>
      </h3>
      <ItemText item={item} />
    </section>
  );
}
