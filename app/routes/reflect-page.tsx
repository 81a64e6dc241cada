import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { EIGHT_CS, IFS_KINDS, type IfsKind } from '../../domain/ifs.js';
import type { IfsItem } from '../api/self-care.js';
import { ItemText } from '../features/self-care/ifs-summary.js';
import { C_WORDS, KIND_WORDS } from '../features/self-care/ifs-words.js';
import { useIfsMutations, useMyIfs } from '../features/self-care/use-ifs.js';
import { useT } from '../i18n/use-t.js';
import { useFormat } from '../ui/format.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { TrendChart } from '../ui/trend-chart.js';

/**
 * "Reflect": the member's IFS-informed reflection aids (docs/ifs-tools.md): parts maps, 6 Fs
 * reflections and Self-energy check-ins. Aids to reflect with, not therapy and not an assessment;
 * private until the member shares one with their facilitators.
 */
export function ReflectPage() {
  return <RequireViewer>{() => <Reflect />}</RequireViewer>;
}

const STARTS: Record<
  IfsKind,
  { path: string; first: Parameters<ReturnType<typeof useIfsMutations>['create']['mutate']>[0] | null }
> = {
  partsMap: { path: '/reflect/parts', first: { kind: 'partsMap', content: { parts: [] } } },
  sixFs: { path: '/reflect/six-fs', first: { kind: 'sixFs', content: { part: '', step: 0, answers: {} } } },
  selfCheck: { path: '/reflect/self-check', first: null },
};

function Reflect() {
  const t = useT();
  const format = useFormat();
  usePageTitle(t('ifs.title'));
  const navigate = useNavigate();
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const items = useMyIfs();
  const { create } = useIfsMutations();
  if (items.isPending) return <p role="status">{t('ifs.loading')}</p>;
  if (items.isError) return <p role="alert">{items.error.message}</p>;
  const { readers } = items.data;
  const checks = items.data.items.filter((i) => i.kind === 'selfCheck').reverse();
  const start = (kind: IfsKind) => {
    const { path, first } = STARTS[kind];
    if (!first) return void navigate(path);
    create.mutate(first, { onSuccess: (item) => void navigate(`${path}/${item.id}`) });
  };
  return (
    <>
      <h1>{t('ifs.title')}</h1>
      <p role="status">{notice}</p>
      <p className="lead">{t('ifs.lead')}</p>
      <p className="notice">{t('ifs.notTherapy')}</p>
      <p>{readers.length ? t('ifs.privacy', { names: format.list(readers) }) : t('ifs.privacyNoGroup')}</p>
      {create.isError && <p role="alert">{create.error.message}</p>}
      {IFS_KINDS.map((kind) => {
        const mine = items.data.items.filter((i) => i.kind === kind);
        return (
          <section key={kind} className="card" aria-labelledby={`${kind}-heading`}>
            <h2 id={`${kind}-heading`}>{t(KIND_WORDS[kind])}</h2>
            <p>{t(`ifs.about.${kind}`)}</p>
            {/* The 8 Cs and their trend are a way to notice, never a score (docs/ifs-tools.md). */}
            {kind === 'selfCheck' && <p className="muted">{t('ifs.selfCheck.notMeasure')}</p>}
            {kind === 'selfCheck' && checks.length > 1 && (
              <div className="c-trends">
                {EIGHT_CS.map((c) => (
                  <figure key={c} className="c-trend">
                    <figcaption>{t(C_WORDS[c])}</figcaption>
                    <TrendChart
                      points={checks.map((i) => ({
                        at: i.createdAt,
                        total: i.kind === 'selfCheck' ? i.content.ratings[c] : 0,
                      }))}
                      range={{ min: 0, max: 10 }}
                      label={t('ifs.selfCheck.trend', {
                        c: t(C_WORDS[c]),
                        values: format.list(
                          checks.map((i) => String(i.kind === 'selfCheck' ? i.content.ratings[c] : 0)),
                        ),
                      })}
                    />
                  </figure>
                ))}
              </div>
            )}
            <button type="button" className="button" disabled={create.isPending} onClick={() => start(kind)}>
              {t(`ifs.start.${kind}`)}
            </button>
            {mine.length > 0 && (
              <ul className="list">
                {mine.map((item) => (
                  <ItemRow key={item.id} item={item} />
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </>
  );
}

function titleOf(item: IfsItem, t: ReturnType<typeof useT>): string {
  if (item.kind === 'sixFs' && item.content.part) return item.content.part;
  if (item.kind === 'partsMap') return t('ifs.parts.count', { count: item.content.parts.length });
  return t(KIND_WORDS[item.kind]);
}

/** One item: open it, share or unshare it, delete it (asked twice). */
function ItemRow({ item }: { item: IfsItem }) {
  const t = useT();
  const format = useFormat();
  const { share, remove } = useIfsMutations();
  const [confirming, setConfirming] = useState(false);
  const [open, setOpen] = useState(false);
  const path =
    item.kind === 'partsMap'
      ? `/reflect/parts/${item.id}`
      : item.kind === 'sixFs'
        ? `/reflect/six-fs/${item.id}`
        : null;
  const name = titleOf(item, t);
  return (
    <li className="list__item ifs-item">
      <div>
        <strong>{name}</strong>
        <span className="muted"> · {format.shortDate(item.updatedAt)}</span>
        {item.sharedAt && <span className="tag">{t('ifs.sharedTag')}</span>}
        {!path && (
          <button type="button" className="button button--quiet" aria-expanded={open} onClick={() => setOpen(!open)}>
            {t(open ? 'ifs.hide' : 'ifs.show', { name })}
          </button>
        )}
        {open && <ItemText item={item} />}
      </div>
      <div className="actions">
        {path && (
          <Link className="button button--quiet" to={path}>
            {t('ifs.open', { name })}
          </Link>
        )}
        <label className="checkbox">
          <input
            type="checkbox"
            // The member's choice shows at once; the list catches up when the server has it.
            checked={share.isPending ? share.variables.shared : item.sharedAt !== null}
            disabled={share.isPending}
            onChange={(e) => share.mutate({ id: item.id, shared: e.target.checked })}
          />{' '}
          {t('ifs.shareToggle', { name })}
        </label>
        {confirming ? (
          <>
            <button type="button" className="button button--quiet" onClick={() => remove.mutate(item.id)}>
              {t('ifs.deleteConfirm', { name })}
            </button>
            <button type="button" className="button button--quiet" onClick={() => setConfirming(false)}>
              {t('ifs.keep')}
            </button>
          </>
        ) : (
          <button type="button" className="button button--quiet" onClick={() => setConfirming(true)}>
            {t('ifs.delete', { name })}
          </button>
        )}
      </div>
    </li>
  );
}
