import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { STAFF_ROLES } from '../../domain/roles.js';
import { useChanged } from '../api/changes.js';
import { api } from '../api/client.js';
import { groupKeys, type Group } from '../api/groups.js';
import { measureKeys, type Change, type InstrumentSummary, type Outcomes, type Plan } from '../api/measures.js';
import type { Viewer } from '../api/session.js';
import { AlertList } from '../features/alerts/alert-list.js';
import { CustomInstrumentForm } from '../features/measures/custom-instrument-form.js';
import type { MessageKey } from '../i18n/i18n.js';
import { shownName } from '../i18n/labels.js';
import { useT } from '../i18n/use-t.js';
import { useFormat } from '../ui/format.js';
import { formProblems } from '../ui/form-problems.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { GroupLoadProblem, facilitates, mayEditGroup } from '../features/groups/group-access.js';
import { ReadOnlyNotice } from '../features/groups/group-lifecycle.js';
import { TrendChart } from '../ui/trend-chart.js';
import { SubmitButton } from '../ui/submit-button.js';

const CHANGE_LABELS: Record<NonNullable<Change['classification']>, MessageKey> = {
  'reliable-improvement': 'groupMeasures.change.reliableImprovement',
  'no-reliable-change': 'groupMeasures.change.noReliableChange',
  'reliable-deterioration': 'groupMeasures.change.reliableDeterioration',
};

const CADENCE_WORDS: Record<Plan['measures'][number]['cadence'], MessageKey> = {
  'every-session': 'groupMeasures.cadence.everySession',
  'every-weeks': 'groupMeasures.cadence.everyWeeks',
  admission: 'groupMeasures.cadence.admission',
  completion: 'groupMeasures.cadence.completion',
  'positive-screen': 'groupMeasures.cadence.positiveScreen',
};

/** Words for screen readers only, inside a message: `<hidden>…</hidden>`. */
const hidden = (chunks: ReactNode[]) => <span className="visually-hidden">{chunks}</span>;

/** A group's measures for its staff: alerts, the roster view, the climate, the plan and exports. */
export function GroupMeasuresPage() {
  return <RequireViewer roles={STAFF_ROLES}>{(viewer) => <GroupMeasures viewer={viewer} />}</RequireViewer>;
}

function GroupMeasures({ viewer }: { viewer: Viewer }) {
  const t = useT();
  const { groupId = '' } = useParams();
  const [notice, setNotice] = useState<string | null>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const group = useQuery({ queryKey: groupKeys.one(groupId), queryFn: () => api<Group>(`/api/groups/${groupId}`) });
  const outcomes = useQuery({
    queryKey: measureKeys.outcomes(groupId),
    queryFn: () => api<Outcomes>(`/api/groups/${groupId}/outcomes`),
    enabled: group.isSuccess,
  });
  usePageTitle(group.data ? t('groupMeasures.titleOf', { group: group.data.name }) : t('groupMeasures.title'));
  if (group.isPending) return <p role="status">{t('groupMeasures.loading')}</p>;
  if (group.isError) return <GroupLoadProblem error={group.error} />;
  const g = group.data;
  const mayEdit = mayEditGroup(viewer, g);
  // Exports hold every member's answers: for the group's own clinicians only.
  const isFacilitator = facilitates(viewer, g);
  const done = (message: string) => {
    setNotice(message);
    requestAnimationFrame(() => noticeRef.current?.focus());
  };
  const o = outcomes.data;
  return (
    <>
      <p>
        <Link to={`/groups/${g.id}`}>{t('groupMeasures.back', { group: g.name })}</Link>
      </p>
      <h1>{t('groupMeasures.heading', { group: g.name })}</h1>
      <ReadOnlyNotice group={g} />
      <div role="status">
        {notice && (
          <p className="notice notice--success" tabIndex={-1} ref={noticeRef}>
            {notice}
          </p>
        )}
      </div>
      <AlertList groupId={g.id} mayEdit={mayEdit} onDone={done} />
      {outcomes.isPending && <p role="status">{t('groupMeasures.loading')}</p>}
      {o && <Roster outcomes={o} />}
      {o && (o.climate.length > 0 || o.checkout.length > 0) && (
        <section className="card" aria-labelledby="climate-heading">
          <h2 id="climate-heading">{t('groupMeasures.climate.heading')}</h2>
          <p className="muted">{t('groupMeasures.climate.intro')}</p>
          <ul className="small-multiples">
            {o.checkout.length > 0 && (
              <li>
                <h3>{t('groupMeasures.climate.checkout')}</h3>
                <TrendChart
                  points={o.checkout.map((c) => ({ at: c.at, total: c.mean }))}
                  range={{ min: 0, max: 10 }}
                  axes
                  label={t('groupMeasures.climate.checkoutChart', {
                    first: o.checkout[0]!.mean,
                    last: o.checkout[o.checkout.length - 1]!.mean,
                  })}
                />
                <p className="muted">
                  {t('groupMeasures.climate.latest', { mean: o.checkout[o.checkout.length - 1]!.mean })}
                </p>
              </li>
            )}
            {o.climate.length > 0 && (
              <li>
                <h3>{t('groupMeasures.climate.climate')}</h3>
                <TrendChart
                  points={o.climate.map((c) => ({ at: c.at, total: c.mean }))}
                  range={{ min: 0, max: 10 }}
                  axes
                  label={t('groupMeasures.climate.climateChart', {
                    first: o.climate[0]!.mean,
                    last: o.climate[o.climate.length - 1]!.mean,
                  })}
                />
                <p className="muted">
                  {t('groupMeasures.climate.latest', { mean: o.climate[o.climate.length - 1]!.mean })}
                </p>
              </li>
            )}
          </ul>
        </section>
      )}
      <PlanSection groupId={g.id} mayEdit={mayEdit} onDone={done} />
      {mayEdit && (
        <section className="card" aria-labelledby="custom-heading">
          <h2 id="custom-heading">{t('groupMeasures.custom.heading')}</h2>
          <details>
            <summary>{t('groupMeasures.custom.make')}</summary>
            <CustomInstrumentForm onDone={done} />
          </details>
        </section>
      )}
      {isFacilitator && (
        <section className="card" aria-labelledby="export-heading">
          <h2 id="export-heading">{t('groupMeasures.export.heading')}</h2>
          <p>{t('groupMeasures.export.intro')}</p>
          <div className="actions">
            <a className="button button--quiet" href={`/api/groups/${g.id}/outcomes.csv`} download>
              {t('groupMeasures.export.csv')}
            </a>
            <a className="button button--quiet" href={`/api/groups/${g.id}/outcomes.fhir.json`} download>
              {t('groupMeasures.export.fhir')}
            </a>
          </div>
        </section>
      )}
    </>
  );
}

function Roster({ outcomes: o }: { outcomes: Outcomes }) {
  const t = useT();
  const format = useFormat();
  const percent = (rate: number | null) =>
    rate === null
      ? t('groupMeasures.roster.attendanceNone')
      : format.number(rate, { style: 'percent', maximumFractionDigits: 0 });
  if (!o.main)
    return (
      <section className="card" aria-labelledby="roster-heading">
        <h2 id="roster-heading">{t('groupMeasures.roster.heading')}</h2>
        <p>{t('groupMeasures.roster.noMeasure')}</p>
      </section>
    );
  const { counts } = o;
  return (
    <section className="card" aria-labelledby="roster-heading">
      <h2 id="roster-heading">{t('groupMeasures.roster.headingOn', { instrument: o.main.shortName })}</h2>
      <p>
        {t('groupMeasures.roster.counts', {
          improved: counts.improved,
          same: counts.same,
          worse: counts.worse,
          notYet: counts.notYet,
        })}
      </p>
      {o.view === 'aggregate' ? (
        <p className="muted">{t('groupMeasures.roster.aggregate')}</p>
      ) : (
        <>
          <p className="muted">
            {t('groupMeasures.roster.chartsExplain', {
              instrument: o.main.shortName,
              better: o.main.direction === 'higher-is-better' ? 'higher' : 'lower',
            })}
          </p>
          <ul className="small-multiples">
            {o.members.map((m) => {
              const name = shownName(t, m.displayName ?? m.name);
              const change = m.main?.change;
              const points = m.main?.points ?? [];
              return (
                <li key={m.memberId}>
                  <h3>
                    {name} {m.displayName && <span className="muted">({shownName(t, m.name)})</span>}
                    {m.urgentAlerts > 0 && (
                      <span className="tag tag--urgent">{t('groupMeasures.roster.urgentAlert')}</span>
                    )}
                  </h3>
                  {points.length > 0 ? (
                    <TrendChart
                      points={points}
                      range={o.main!.range}
                      bands={o.main!.bands}
                      axes
                      label={t('groupMeasures.roster.chart', {
                        name,
                        instrument: o.main!.shortName,
                        scores: points.map((p) => format.number(p.total)).join(', '),
                      })}
                    />
                  ) : (
                    <p className="muted">{t('groupMeasures.roster.noScores', { instrument: o.main!.shortName })}</p>
                  )}
                  <dl className="details details--compact">
                    {m.main?.latest && (
                      <>
                        <dt>{t('groupMeasures.roster.latest')}</dt>
                        <dd>
                          {m.main.latest.total} · {m.main.latest.band}
                        </dd>
                      </>
                    )}
                    {change?.classification && (
                      <>
                        <dt>{t('groupMeasures.roster.change')}</dt>
                        <dd>
                          {t('groupMeasures.roster.changeLine', {
                            label: t(CHANGE_LABELS[change.classification]),
                            difference: format.number(change.difference, { signDisplay: 'exceptZero' }),
                            recovery: change.reliablyRecovered ? 'reliably' : change.recovered ? 'recovered' : 'no',
                          })}
                        </dd>
                      </>
                    )}
                    {m.others
                      .filter((x) => x.latest)
                      .map((x) => (
                        <div key={x.instrumentId} className="details__pair">
                          <dt>{x.shortName}</dt>
                          <dd>
                            {x.latest!.total} · {x.latest!.band}
                            {x.change?.classification &&
                              ` · ${t(CHANGE_LABELS[x.change.classification]).toLocaleLowerCase(t.locale)}`}
                          </dd>
                        </div>
                      ))}
                    {m.screen && (
                      <>
                        <dt>{t('groupMeasures.roster.screen', { instrument: m.screen.shortName })}</dt>
                        <dd>
                          {m.screen.parts.map((p) => (
                            <span key={p.id} className="screen-part">
                              {p.name} {p.total ?? t('groupMeasures.roster.notAnswered')}
                              {p.positive && (
                                <>
                                  {' '}
                                  <span className="tag">{t('groupMeasures.roster.positive')}</span> {p.suggests}
                                </>
                              )}
                            </span>
                          ))}
                          <span className="muted"> {format.shortDate(m.screen.at)}</span>
                        </dd>
                      </>
                    )}
                    <dt>{t('groupMeasures.roster.attendance')}</dt>
                    <dd>{percent(m.attendance.rate)}</dd>
                    {m.openAlerts > 0 && (
                      <>
                        <dt>{t('groupMeasures.roster.openAlerts')}</dt>
                        <dd>{m.openAlerts}</dd>
                      </>
                    )}
                  </dl>
                </li>
              );
            })}
          </ul>
        </>
      )}
      <details>
        <summary>{t('groupMeasures.roster.howJudged')}</summary>
        <ul>
          <li>
            {t('groupMeasures.roster.bands', {
              instrument: o.main.shortName,
              bands: o.main.bands.map((b) => `${b.stated} ${b.label}`).join(' · '),
            })}
          </li>
          {o.main.rules.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      </details>
    </section>
  );
}

type PlanRow = Plan['measures'][number];

function PlanSection({
  groupId,
  mayEdit,
  onDone,
}: {
  groupId: string;
  mayEdit: boolean;
  onDone(message: string): void;
}) {
  const t = useT();
  const changed = useChanged();
  const plan = useQuery({
    queryKey: measureKeys.plan(groupId),
    queryFn: () => api<Plan>(`/api/groups/${groupId}/measures`),
  });
  const instruments = useQuery({
    queryKey: measureKeys.instruments,
    queryFn: () => api<{ instruments: InstrumentSummary[] }>('/api/instruments'),
  });
  const [draft, setDraft] = useState<PlanRow[] | null>(null);
  const save = useMutation({
    mutationFn: (rows: PlanRow[]) =>
      api<Plan>(`/api/groups/${groupId}/measures`, {
        method: 'PUT',
        body: {
          measures: rows.map((r) => ({
            instrumentId: r.instrumentId,
            cadence: r.cadence,
            ...(r.cadence === 'every-weeks' && { everyWeeks: r.everyWeeks ?? 4 }),
            main: r.main,
          })),
        },
      }),
    onSuccess: () => {
      void changed({ group: groupId });
      setDraft(null);
      onDone(t('groupMeasures.plan.saved'));
    },
  });
  const rows = draft ?? plan.data?.measures ?? [];
  const problems = formProblems(save.error, {
    measures: t('groupMeasures.plan.questionnaires'),
    ...Object.fromEntries(
      rows.flatMap((_, i) => [
        [`measures.${i}.instrumentId`, t('groupMeasures.plan.questionnaire', { n: i + 1 })],
        [`measures.${i}.cadence`, t('groupMeasures.plan.questionnaireWhen', { n: i + 1 })],
        [`measures.${i}.everyWeeks`, t('groupMeasures.plan.questionnaireWeeks', { n: i + 1 })],
      ]),
    ),
  });
  const list = instruments.data?.instruments ?? [];
  const set = (i: number, change: Partial<PlanRow>) =>
    setDraft(rows.map((r, n) => (n === i ? { ...r, ...change } : change.main ? { ...r, main: false } : r)));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(rows);
  };
  return (
    <section className="card" aria-labelledby="plan-heading">
      <h2 id="plan-heading">{t('groupMeasures.plan.heading')}</h2>
      {rows.length === 0 && <p>{t('groupMeasures.plan.none')}</p>}
      {!mayEdit && (
        <ul className="list">
          {rows.map((r) => (
            <li key={`${r.instrumentId}-${r.cadence}`} className="list__item">
              {t(r.main ? 'groupMeasures.plan.rowMain' : 'groupMeasures.plan.row', {
                instrument: r.shortName,
                when:
                  r.cadence === 'every-weeks'
                    ? t('groupMeasures.plan.everyWeeks', { weeks: r.everyWeeks ?? 4 })
                    : t(CADENCE_WORDS[r.cadence]),
              })}
            </li>
          ))}
        </ul>
      )}
      {mayEdit && (
        <form className="form form--wide" onSubmit={onSubmit} noValidate>
          {problems && (
            <ProblemSummary
              title={t('groupMeasures.plan.notSaved')}
              message={problems.message}
              fields={problems.fields}
            />
          )}
          {rows.map((r, i) => (
            <fieldset key={i} className="question">
              <legend>{t('groupMeasures.plan.questionnaire', { n: i + 1 })}</legend>
              <div className="field-row">
                <div className="field">
                  <label htmlFor={`plan-${i}-instrument`}>{t('groupMeasures.plan.which')}</label>
                  <select
                    id={`plan-${i}-instrument`}
                    value={r.instrumentId}
                    onChange={(e) => set(i, { instrumentId: e.target.value })}
                  >
                    {list.map((ins) => (
                      <option key={ins.id} value={ins.id}>
                        {ins.validated
                          ? ins.shortName
                          : t('groupMeasures.plan.notValidated', { instrument: ins.shortName })}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`plan-${i}-cadence`}>{t('groupMeasures.plan.when')}</label>
                  <select
                    id={`plan-${i}-cadence`}
                    value={r.cadence}
                    onChange={(e) => set(i, { cadence: e.target.value as PlanRow['cadence'] })}
                  >
                    {(Object.keys(CADENCE_WORDS) as PlanRow['cadence'][]).map((c) => (
                      <option key={c} value={c}>
                        {t(CADENCE_WORDS[c])}
                      </option>
                    ))}
                  </select>
                </div>
                {r.cadence === 'every-weeks' && (
                  <div className="field">
                    <label htmlFor={`plan-${i}-weeks`}>{t('groupMeasures.plan.weeks')}</label>
                    <input
                      id={`plan-${i}-weeks`}
                      type="number"
                      inputMode="numeric"
                      min={1}
                      max={52}
                      value={r.everyWeeks ?? 4}
                      onChange={(e) => set(i, { everyWeeks: Number(e.target.value) })}
                    />
                  </div>
                )}
              </div>
              <label className="checkbox">
                <input type="checkbox" checked={r.main} onChange={(e) => set(i, { main: e.target.checked })} />
                {t('groupMeasures.plan.main')}
              </label>
              <button
                type="button"
                className="button button--quiet"
                onClick={() => setDraft(rows.filter((_, n) => n !== i))}
              >
                {t.rich('groupMeasures.plan.remove', { n: i + 1, hidden })}
              </button>
            </fieldset>
          ))}
          <div className="actions">
            <button
              type="button"
              className="button button--quiet"
              onClick={() =>
                setDraft([
                  ...rows,
                  {
                    instrumentId: 'phq-9',
                    shortName: 'PHQ-9',
                    cadence: 'every-weeks',
                    everyWeeks: 4,
                    main: rows.length === 0,
                  },
                ])
              }
            >
              {t('groupMeasures.plan.add')}
            </button>
            <SubmitButton pending={save.isPending} disabled={draft === null}>
              {t('groupMeasures.plan.save')}
            </SubmitButton>
          </div>
          <p className="hint">{t('groupMeasures.plan.validatedHint')}</p>
          <p className="hint">{t('groupMeasures.plan.screenHint')}</p>
        </form>
      )}
    </section>
  );
}
