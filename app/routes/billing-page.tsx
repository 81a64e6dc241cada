import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import {
  BILLING_OUTCOMES,
  BILLING_STATUSES,
  chargeCents,
  money,
  outcomesFrom,
  type BillingStatus,
} from '../../domain/billing.js';
import { GROUP_LEAD_ROLES } from '../../domain/roles.js';
import { billingKeys, downloadExport, superbillUrl, type BillingLine, type BillingOutcome } from '../api/billing.js';
import { useChanged } from '../api/changes.js';
import { thisMonth } from '../features/billing/date-ranges.js';
import { DiagnosisLink } from '../features/billing/diagnosis-link.js';
import { api } from '../api/client.js';
import { useT } from '../i18n/use-t.js';
import { useFormat } from '../ui/format.js';
import { formProblems } from '../ui/form-problems.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { SubmitButton } from '../ui/submit-button.js';
import { TextField } from '../ui/text-field.js';

/** Billing: the lines of a range of dates with their statuses, the CSV export, outcomes and superbills. */
export function BillingPage() {
  return <RequireViewer roles={GROUP_LEAD_ROLES}>{() => <Billing />}</RequireViewer>;
}

function Billing() {
  const t = useT();
  usePageTitle(t('billing.title'));
  const changed = useChanged();
  const [range, setRange] = useState(() => thisMonth());
  const [draft, setDraft] = useState(range);
  const [status, setStatus] = useState<BillingStatus | ''>('');
  const [exportedNotice, setExportedNotice] = useState(false);
  const lines = useQuery({
    queryKey: billingKeys.lines(range.from, range.to),
    queryFn: () => api<{ lines: BillingLine[] }>(`/api/billing/lines?from=${range.from}&to=${range.to}`),
    retry: false,
  });
  const exportCsv = useMutation({
    mutationFn: () => downloadExport(range.from, range.to),
    onSuccess: async () => {
      setExportedNotice(true);
      await changed('billing');
    },
  });
  const problems = formProblems(lines.error, { from: t('billing.from'), to: t('billing.to') });
  const onFilter = (event: FormEvent) => {
    event.preventDefault();
    setExportedNotice(false);
    setRange(draft);
  };
  const shown = (lines.data?.lines ?? []).filter((l) => !status || l.status === status);
  const ready = (lines.data?.lines ?? []).filter((l) => l.status === 'ready').length;
  const needsDiagnosis = (lines.data?.lines ?? []).filter((l) => l.status === 'needs-diagnosis').length;
  const signed = (lines.data?.lines ?? []).filter((l) => l.userId && l.status !== 'awaiting-note');
  const people = [...new Map(signed.map((l) => [l.userId!, l.memberName]))];
  // A superbill goes to an insurer whoever pays, so a line without a diagnosis code holds it back (decision 0039).
  const undiagnosed = new Set(signed.filter((l) => l.diagnosisCodes.length === 0).map((l) => l.userId!));

  return (
    <>
      <h1>{t('billing.title')}</h1>
      <p className="lead">{t('billing.intro')}</p>
      <p>
        <Link to="/billing/settings">{t('billing.settingsLink')}</Link>
      </p>
      <form className="form" onSubmit={onFilter} noValidate>
        {problems && (
          <ProblemSummary title={t('billing.notLoaded')} message={problems.message} fields={problems.fields} />
        )}
        <TextField
          name="from"
          type="date"
          label={t('billing.from')}
          value={draft.from}
          problem={problems?.byField.from}
          onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
        />
        <TextField
          name="to"
          type="date"
          label={t('billing.to')}
          value={draft.to}
          problem={problems?.byField.to}
          onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}
        />
        <button type="submit" className="button button--quiet">
          {t('billing.show')}
        </button>
      </form>
      <div className="field">
        <label htmlFor="billing-status">{t('billing.statusFilter')}</label>
        <select id="billing-status" value={status} onChange={(e) => setStatus(e.target.value as BillingStatus | '')}>
          <option value="">{t('billing.allStatuses')}</option>
          {BILLING_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`billing.status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <section aria-labelledby="billing-export-heading">
        <h2 id="billing-export-heading">{t('billing.exportHeading')}</h2>
        <p>{t('billing.readyCount', { count: ready })}</p>
        {needsDiagnosis > 0 && <p className="notice">{t('billing.needsDiagnosisCount', { count: needsDiagnosis })}</p>}
        {exportCsv.error && <ProblemSummary title={t('billing.notExported')} message={exportCsv.error.message} />}
        <div role="status">{exportedNotice && <p className="notice notice--success">{t('billing.exported')}</p>}</div>
        <button
          type="button"
          className="button"
          disabled={exportCsv.isPending}
          onClick={() => {
            setExportedNotice(false);
            exportCsv.mutate();
          }}
        >
          {exportCsv.isPending ? t('billing.exporting') : t('billing.export')}
        </button>
      </section>
      <section aria-labelledby="billing-lines-heading">
        <h2 id="billing-lines-heading">{t('billing.linesHeading')}</h2>
        {lines.isPending && <p role="status">{t('billing.loading')}</p>}
        {lines.data && shown.length === 0 && <p>{t('billing.none')}</p>}
        {shown.length > 0 && <LinesTable lines={shown} />}
      </section>
      {people.length > 0 && (
        <section aria-labelledby="billing-superbills-heading">
          <h2 id="billing-superbills-heading">{t('billing.superbillsHeading')}</h2>
          <p>{t('billing.superbillsIntro')}</p>
          <ul>
            {people.map(([userId, name]) => (
              <li key={userId}>
                {undiagnosed.has(userId) ? (
                  t('billing.superbillNeedsDiagnosis', { name })
                ) : (
                  <a href={superbillUrl(userId, range.from, range.to)} download>
                    {t('billing.superbillFor', { name })}
                  </a>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function LinesTable({ lines }: { lines: BillingLine[] }) {
  const t = useT();
  const format = useFormat();
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={t('billing.linesHeading')}>
      <table className="table">
        <caption className="visually-hidden">{t('billing.linesHeading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('billing.column.date')}</th>
            <th scope="col">{t('billing.column.member')}</th>
            <th scope="col">{t('billing.column.codes')}</th>
            <th scope="col">{t('billing.column.diagnoses')}</th>
            <th scope="col">{t('billing.column.fee')}</th>
            <th scope="col">{t('billing.column.status')}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.id}>
              <td>
                {new Intl.DateTimeFormat(format.locale, { timeZone: line.timeZone, dateStyle: 'medium' }).format(
                  new Date(line.serviceAt),
                )}
              </td>
              <td>
                {line.memberName}
                <br />
                <small>{line.groupName}</small>
              </td>
              <td>
                {[line.cpt, line.addOn].filter(Boolean).join(' + ')}
                <br />
                <small>
                  {t('billing.placeOfService', { place: line.placeOfService })}
                  {line.modifier && ` · ${t('billing.modifier', { modifier: line.modifier })}`}
                </small>
              </td>
              <td>{line.diagnosisCodes.join(', ') || t('billing.noDiagnoses')}</td>
              <td>
                {money(chargeCents(line))}
                {line.paidCents !== null && (
                  <>
                    <br />
                    <small>{t('billing.paidAmount', { amount: money(line.paidCents) })}</small>
                  </>
                )}
              </td>
              <td>
                <strong>{t(`billing.status.${line.status}`)}</strong>
                {line.status === 'needs-diagnosis' && (
                  <p>
                    <DiagnosisLink line={line} name={line.memberName} />
                  </p>
                )}
                {line.statusNote && <p>{line.statusNote}</p>}
                {outcomesFrom(line.status).length > 0 && <OutcomeForm line={line} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Paid, denied or written off, with a note, for an exported (or denied) line. */
function OutcomeForm({ line }: { line: BillingLine }) {
  const t = useT();
  const id = useId();
  const changed = useChanged();
  const choices = outcomesFrom(line.status);
  const [outcome, setOutcome] = useState<BillingOutcome>(choices[0]!);
  const [note, setNote] = useState('');
  const [paid, setPaid] = useState(money(chargeCents(line)));
  const save = useMutation({
    mutationFn: () =>
      api<BillingLine>(`/api/billing/lines/${line.id}/outcome`, {
        method: 'POST',
        body: {
          status: outcome,
          ...(note.trim() && { note: note.trim() }),
          ...(outcome === 'paid' && { paidCents: Math.round(Number(paid.trim().replace(',', '.')) * 100) }),
        },
      }),
    onSuccess: () => changed('billing'),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {save.error && <ProblemSummary title={t('billing.outcomeNotSaved')} message={save.error.message} />}
      <div className="field">
        <label htmlFor={`${id}-outcome`}>{t('billing.outcome', { member: line.memberName })}</label>
        <select id={`${id}-outcome`} value={outcome} onChange={(e) => setOutcome(e.target.value as BillingOutcome)}>
          {BILLING_OUTCOMES.filter((o) => choices.includes(o)).map((o) => (
            <option key={o} value={o}>
              {t(`billing.status.${o}`)}
            </option>
          ))}
        </select>
      </div>
      {outcome === 'paid' && (
        <div className="field">
          <label htmlFor={`${id}-paid`}>{t('billing.outcomePaid')}</label>
          <input
            id={`${id}-paid`}
            inputMode="decimal"
            autoComplete="off"
            value={paid}
            onChange={(e) => setPaid(e.target.value)}
          />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-note`}>{t('billing.outcomeNote')}</label>
        <input id={`${id}-note`} value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />
      </div>
      <SubmitButton pending={save.isPending} className="button button--quiet">
        {t('billing.saveOutcome')}
      </SubmitButton>
    </form>
  );
}
