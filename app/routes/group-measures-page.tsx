import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { STAFF_ROLES } from '../../domain/roles.js';
import { useChanged } from '../api/changes.js';
import { api } from '../api/client.js';
import { groupKeys, type Group } from '../api/groups.js';
import { measureKeys, type Change, type InstrumentSummary, type Outcomes, type Plan } from '../api/measures.js';
import type { Viewer } from '../api/session.js';
import { AlertList } from '../features/alerts/alert-list.js';
import { CustomInstrumentForm } from '../features/measures/custom-instrument-form.js';
import { formatShortDate } from '../ui/format.js';
import { formProblems } from '../ui/form-problems.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { GroupLoadProblem, facilitates, mayEditGroup } from '../features/groups/group-access.js';
import { ReadOnlyNotice } from '../features/groups/group-lifecycle.js';
import { TrendChart } from '../ui/trend-chart.js';
import { SubmitButton } from '../ui/submit-button.js';

const CHANGE_LABELS: Record<NonNullable<Change['classification']>, string> = {
  'reliable-improvement': 'Reliable improvement',
  'no-reliable-change': 'No reliable change',
  'reliable-deterioration': 'Reliable deterioration',
};

const CADENCE_WORDS: Record<Plan['measures'][number]['cadence'], string> = {
  'every-session': 'after every session',
  'every-weeks': 'every few weeks',
  admission: 'when a member joins',
  completion: 'when a member completes',
  'positive-screen': 'after a positive PHQ-4 screen',
};

/** A group's measures for its staff: alerts, the roster view, the climate, the plan and exports. */
export function GroupMeasuresPage() {
  return <RequireViewer roles={STAFF_ROLES}>{(viewer) => <GroupMeasures viewer={viewer} />}</RequireViewer>;
}

function GroupMeasures({ viewer }: { viewer: Viewer }) {
  const { groupId = '' } = useParams();
  const [notice, setNotice] = useState<string | null>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const group = useQuery({ queryKey: groupKeys.one(groupId), queryFn: () => api<Group>(`/api/groups/${groupId}`) });
  const outcomes = useQuery({
    queryKey: measureKeys.outcomes(groupId),
    queryFn: () => api<Outcomes>(`/api/groups/${groupId}/outcomes`),
    enabled: group.isSuccess,
  });
  usePageTitle(group.data ? `Measures · ${group.data.name}` : 'Measures');
  if (group.isPending) return <p role="status">Loading…</p>;
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
        <Link to={`/groups/${g.id}`}>Back to {g.name}</Link>
      </p>
      <h1>Measures of {g.name}</h1>
      <ReadOnlyNotice group={g} />
      <div role="status">
        {notice && (
          <p className="notice notice--success" tabIndex={-1} ref={noticeRef}>
            {notice}
          </p>
        )}
      </div>
      <AlertList groupId={g.id} mayEdit={mayEdit} onDone={done} />
      {outcomes.isPending && <p role="status">Loading…</p>}
      {o && <Roster outcomes={o} />}
      {o && (o.climate.length > 0 || o.checkout.length > 0) && (
        <section className="card" aria-labelledby="climate-heading">
          <h2 id="climate-heading">How the group feels</h2>
          <p className="muted">
            Hearth’s own check-out and climate scales, 0–10, the group’s mean. Not validated scales.
          </p>
          <ul className="small-multiples">
            {o.checkout.length > 0 && (
              <li>
                <h3>Session check-out</h3>
                <TrendChart
                  points={o.checkout.map((c) => ({ at: c.at, total: c.mean }))}
                  range={{ min: 0, max: 10 }}
                  axes
                  label={`Check-out means from ${o.checkout[0]!.mean} to ${o.checkout[o.checkout.length - 1]!.mean}`}
                />
                <p className="muted">Latest {o.checkout[o.checkout.length - 1]!.mean} of 10</p>
              </li>
            )}
            {o.climate.length > 0 && (
              <li>
                <h3>Group climate</h3>
                <TrendChart
                  points={o.climate.map((c) => ({ at: c.at, total: c.mean }))}
                  range={{ min: 0, max: 10 }}
                  axes
                  label={`Climate means from ${o.climate[0]!.mean} to ${o.climate[o.climate.length - 1]!.mean}`}
                />
                <p className="muted">Latest {o.climate[o.climate.length - 1]!.mean} of 10</p>
              </li>
            )}
          </ul>
        </section>
      )}
      <PlanSection groupId={g.id} mayEdit={mayEdit} onDone={done} />
      {mayEdit && (
        <section className="card" aria-labelledby="custom-heading">
          <h2 id="custom-heading">Your practice’s own questionnaires</h2>
          <details>
            <summary>Make a questionnaire</summary>
            <CustomInstrumentForm onDone={done} />
          </details>
        </section>
      )}
      {isFacilitator && (
        <section className="card" aria-labelledby="export-heading">
          <h2 id="export-heading">Export</h2>
          <p>Every sent questionnaire of this group. Downloads are recorded in the audit log.</p>
          <div className="actions">
            <a className="button button--quiet" href={`/api/groups/${g.id}/outcomes.csv`} download>
              Download CSV
            </a>
            <a className="button button--quiet" href={`/api/groups/${g.id}/outcomes.fhir.json`} download>
              Download FHIR R4 (JSON)
            </a>
          </div>
        </section>
      )}
    </>
  );
}

const percent = (rate: number | null) => (rate === null ? 'none recorded' : `${Math.round(rate * 100)}%`);

function Roster({ outcomes: o }: { outcomes: Outcomes }) {
  if (!o.main)
    return (
      <section className="card" aria-labelledby="roster-heading">
        <h2 id="roster-heading">Members’ progress</h2>
        <p>This group has no outcome measure yet. Choose one below (PHQ-9, GAD-7, PHQ-4 or WHO-5).</p>
      </section>
    );
  const { counts } = o;
  return (
    <section className="card" aria-labelledby="roster-heading">
      <h2 id="roster-heading">Members’ progress on the {o.main.shortName}</h2>
      <p>
        {counts.improved} improved reliably, {counts.same} about the same, {counts.worse} deteriorated reliably,{' '}
        {counts.notYet} without two scores yet.
      </p>
      {o.view === 'aggregate' ? (
        <p className="muted">
          You see totals only: members’ scores, answers, notes and alerts are for the group’s clinicians and
          supervisors. An urgent alert that nobody picks up in time goes to the practice’s backup clinician, or to its
          owners and admins when there is none.
        </p>
      ) : (
        <>
          <p className="muted">
            Each chart runs from the first score to the latest; the shaded stripes are the {o.main.shortName}’s bands
            {o.main.direction === 'higher-is-better' ? ' (higher is better)' : ' (lower is better)'}.
          </p>
          <ul className="small-multiples">
            {o.members.map((m) => {
              const name = m.displayName ?? m.name;
              const change = m.main?.change;
              const points = m.main?.points ?? [];
              return (
                <li key={m.memberId}>
                  <h3>
                    {name} {m.displayName && <span className="muted">({m.name})</span>}
                    {m.urgentAlerts > 0 && <span className="tag tag--urgent">Urgent alert</span>}
                  </h3>
                  {points.length > 0 ? (
                    <TrendChart
                      points={points}
                      range={o.main!.range}
                      bands={o.main!.bands}
                      axes
                      label={`${name}'s ${o.main!.shortName}: ${points.map((p) => p.total).join(', ')}`}
                    />
                  ) : (
                    <p className="muted">No {o.main!.shortName} yet.</p>
                  )}
                  <dl className="details details--compact">
                    {m.main?.latest && (
                      <>
                        <dt>Latest</dt>
                        <dd>
                          {m.main.latest.total} · {m.main.latest.band}
                        </dd>
                      </>
                    )}
                    {change?.classification && (
                      <>
                        <dt>Change</dt>
                        <dd>
                          {CHANGE_LABELS[change.classification]} ({change.difference > 0 ? '+' : ''}
                          {change.difference})
                          {change.reliablyRecovered ? ', reliably recovered' : change.recovered ? ', recovered' : ''}
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
                            {x.change?.classification
                              ? ` · ${CHANGE_LABELS[x.change.classification].toLowerCase()}`
                              : ''}
                          </dd>
                        </div>
                      ))}
                    {m.screen && (
                      <>
                        <dt>{m.screen.shortName} screen</dt>
                        <dd>
                          {m.screen.parts.map((p) => (
                            <span key={p.id} className="screen-part">
                              {p.name} {p.total ?? 'not answered'}
                              {p.positive && (
                                <>
                                  {' '}
                                  <span className="tag">Positive</span> {p.suggests}
                                </>
                              )}
                            </span>
                          ))}
                          <span className="muted"> {formatShortDate(m.screen.at)}</span>
                        </dd>
                      </>
                    )}
                    <dt>Attendance</dt>
                    <dd>{percent(m.attendance.rate)}</dd>
                    {m.openAlerts > 0 && (
                      <>
                        <dt>Open alerts</dt>
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
        <summary>How change is judged</summary>
        <ul>
          <li>
            {o.main.shortName} bands, as published: {o.main.bands.map((b) => `${b.stated} ${b.label}`).join(' · ')}.
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
      onDone('Saved. Members are asked for what is due now.');
    },
  });
  const rows = draft ?? plan.data?.measures ?? [];
  const problems = formProblems(save.error, {
    measures: 'Questionnaires',
    ...Object.fromEntries(
      rows.flatMap((_, i) => [
        [`measures.${i}.instrumentId`, `Questionnaire ${i + 1}`],
        [`measures.${i}.cadence`, `Questionnaire ${i + 1}, when`],
        [`measures.${i}.everyWeeks`, `Questionnaire ${i + 1}, every how many weeks`],
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
      <h2 id="plan-heading">Questionnaires this group uses</h2>
      {rows.length === 0 && <p>None yet.</p>}
      {!mayEdit && (
        <ul className="list">
          {rows.map((r) => (
            <li key={`${r.instrumentId}-${r.cadence}`} className="list__item">
              {r.shortName}, {r.cadence === 'every-weeks' ? `every ${r.everyWeeks} weeks` : CADENCE_WORDS[r.cadence]}
              {r.main ? ' (main measure)' : ''}
            </li>
          ))}
        </ul>
      )}
      {mayEdit && (
        <form className="form form--wide" onSubmit={onSubmit} noValidate>
          {problems && (
            <ProblemSummary title="The plan was not saved" message={problems.message} fields={problems.fields} />
          )}
          {rows.map((r, i) => (
            <fieldset key={i} className="question">
              <legend>Questionnaire {i + 1}</legend>
              <div className="field-row">
                <div className="field">
                  <label htmlFor={`plan-${i}-instrument`}>Which</label>
                  <select
                    id={`plan-${i}-instrument`}
                    value={r.instrumentId}
                    onChange={(e) => set(i, { instrumentId: e.target.value })}
                  >
                    {list.map((ins) => (
                      <option key={ins.id} value={ins.id}>
                        {ins.shortName}
                        {ins.validated ? '' : ' (not validated)'}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`plan-${i}-cadence`}>When</label>
                  <select
                    id={`plan-${i}-cadence`}
                    value={r.cadence}
                    onChange={(e) => set(i, { cadence: e.target.value as PlanRow['cadence'] })}
                  >
                    {(Object.keys(CADENCE_WORDS) as PlanRow['cadence'][]).map((c) => (
                      <option key={c} value={c}>
                        {CADENCE_WORDS[c]}
                      </option>
                    ))}
                  </select>
                </div>
                {r.cadence === 'every-weeks' && (
                  <div className="field">
                    <label htmlFor={`plan-${i}-weeks`}>Every how many weeks</label>
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
                Main measure (charted for each member)
              </label>
              <button
                type="button"
                className="button button--quiet"
                onClick={() => setDraft(rows.filter((_, n) => n !== i))}
              >
                Remove<span className="visually-hidden"> questionnaire {i + 1}</span>
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
              Add a questionnaire
            </button>
            <SubmitButton pending={save.isPending} disabled={draft === null}>
              Save
            </SubmitButton>
          </div>
          <p className="hint">
            PHQ-9, GAD-7, PHQ-4 and WHO-5 are validated questionnaires. Hearth’s check-out and climate scales are its
            own and not validated.
          </p>
          <p className="hint">
            “After a positive PHQ-4 screen” sends a member the full GAD-7 or PHQ-9 as soon as that part of their PHQ-4
            (GAD-2 or PHQ-2) is 3 or more. You get an alert about a positive screen either way.
          </p>
        </form>
      )}
    </section>
  );
}
