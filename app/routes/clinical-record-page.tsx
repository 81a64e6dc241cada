import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { COMMON_DIAGNOSES, GoalsLimit, type ClinicalRecordDetails, type PayerKind } from '../../domain/notes.js';
import { STAFF_ROLES } from '../../domain/roles.js';
import { useChanged } from '../api/changes.js';
import { api, ApiError } from '../api/client.js';
import { notesKeys, type ClinicalRecord } from '../api/notes.js';
import { labelKey } from '../i18n/labels.js';
import { useT } from '../i18n/use-t.js';
import { useFormat } from '../ui/format.js';
import { formProblems } from '../ui/form-problems.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { SubmitButton } from '../ui/submit-button.js';
import { SuperbillDownload } from '../features/billing/superbill-download.js';

/** A member's clinical record, for the clinicians of their groups and the practice's supervisors. */
export function ClinicalRecordPage() {
  return <RequireViewer roles={STAFF_ROLES}>{() => <RecordLoader />}</RequireViewer>;
}

function RecordLoader() {
  const t = useT();
  const { userId = '' } = useParams();
  // Kept here, not in the form: a save changes the record's time, and so the form's key, and the
  // form made again from the saved record still says it was saved.
  const [saved, setSaved] = useState(false);
  const record = useQuery({
    queryKey: notesKeys.record(userId),
    queryFn: () => api<ClinicalRecord>(`/api/people/${userId}/clinical-record`),
  });
  usePageTitle(record.data ? t('clinicalRecord.titleOf', { name: record.data.name }) : t('clinicalRecord.title'));
  if (record.isPending) return <p role="status">{t('clinicalRecord.loading')}</p>;
  if (record.isError) {
    const status = record.error instanceof ApiError ? record.error.status : 0;
    return (
      <>
        <h1>{t('clinicalRecord.title')}</h1>
        <p role="alert">{status === 403 ? t('notes.clinicalOnly') : t('clinicalRecord.notFound')}</p>
      </>
    );
  }
  return (
    <RecordForm
      key={record.data.updatedAt ?? 'new'}
      data={record.data}
      userId={userId}
      saved={saved}
      setSaved={setSaved}
    />
  );
}

const EMPTY_GOALS = Array.from({ length: GoalsLimit.max }, () => ({ words: '', measure: '' }));

interface RecordFormProps {
  data: ClinicalRecord;
  userId: string;
  saved: boolean;
  setSaved: (saved: boolean) => void;
}

function RecordForm({ data, userId, saved, setSaved }: RecordFormProps) {
  const t = useT();
  const format = useFormat();
  const changed = useChanged();
  const initial = data.record;
  const [legalName, setLegalName] = useState(initial?.legalName ?? data.name);
  const [dateOfBirth, setDateOfBirth] = useState(initial?.dateOfBirth ?? '');
  const [pronouns, setPronouns] = useState(initial?.pronouns ?? '');
  const [address, setAddress] = useState(initial?.address ?? '');
  const common = new Set<string>(COMMON_DIAGNOSES);
  const [codes, setCodes] = useState<string[]>((initial?.diagnosisCodes ?? []).filter((c) => common.has(c)));
  const [otherCodes, setOtherCodes] = useState(
    (initial?.diagnosisCodes ?? []).filter((c) => !common.has(c)).join(', '),
  );
  const [payerKind, setPayerKind] = useState<PayerKind>(initial?.payer.kind ?? 'self-pay');
  const [payerName, setPayerName] = useState(initial?.payer.name ?? '');
  const [memberNumber, setMemberNumber] = useState(initial?.payer.memberNumber ?? '');
  const [goals, setGoals] = useState(() => EMPTY_GOALS.map((empty, i) => initial?.goals[i] ?? empty));
  const save = useMutation({
    mutationFn: () => {
      const body: ClinicalRecordDetails = {
        legalName,
        dateOfBirth,
        pronouns,
        address,
        diagnosisCodes: [
          ...codes,
          ...otherCodes
            .split(/[,\s]+/)
            .map((c) => c.trim())
            .filter(Boolean),
        ],
        payer: { kind: payerKind, name: payerKind === 'insurance' ? payerName : '', memberNumber },
        goals: goals.filter((g) => g.words.trim() || g.measure.trim()),
      };
      return api<ClinicalRecord>(`/api/people/${userId}/clinical-record`, { method: 'PUT', body });
    },
    onSuccess: () => {
      setSaved(true);
      void changed('people');
    },
  });
  const problems = formProblems(save.error, {
    legalName: t('clinicalRecord.legalName'),
    dateOfBirth: t('clinicalRecord.dateOfBirth'),
    pronouns: t('clinicalRecord.pronouns'),
    address: t('clinicalRecord.address'),
    diagnosisCodes: t('clinicalRecord.diagnoses'),
    payer: t('clinicalRecord.payer'),
    goals: t('clinicalRecord.goals'),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate();
  };
  const text = (id: string, label: string, value: string, set: (v: string) => void, type = 'text') => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type={type} value={value} onChange={(e) => set(e.target.value)} />
    </div>
  );
  return (
    <>
      <h1>{t('clinicalRecord.titleOf', { name: data.name })}</h1>
      <p className="lead">{t('clinicalRecord.lead')}</p>
      {data.updatedAt && (
        <p className="muted">{t('clinicalRecord.updated', { when: format.instant(data.updatedAt) })}</p>
      )}
      <form className="form form--wide" onSubmit={onSubmit} noValidate>
        {problems && (
          <ProblemSummary title={t('clinicalRecord.notSaved')} message={problems.message} fields={problems.fields} />
        )}
        {text('field-legalName', t('clinicalRecord.legalName'), legalName, setLegalName)}
        {text('field-dateOfBirth', t('clinicalRecord.dateOfBirth'), dateOfBirth, setDateOfBirth, 'date')}
        {text('field-pronouns', t('clinicalRecord.pronouns'), pronouns, setPronouns)}
        <div className="field">
          <label htmlFor="field-address">{t('clinicalRecord.address')}</label>
          <textarea id="field-address" rows={3} value={address} onChange={(e) => setAddress(e.target.value)} />
        </div>
        <fieldset className="checks">
          <legend>{t('clinicalRecord.diagnoses')}</legend>
          {COMMON_DIAGNOSES.map((code) => (
            <label key={code} className="check">
              <input
                type="checkbox"
                checked={codes.includes(code)}
                onChange={() =>
                  setCodes((all) => (all.includes(code) ? all.filter((c) => c !== code) : [...all, code]))
                }
              />
              {t('clinicalRecord.code', { code, name: t(labelKey('diagnosis', code)) })}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="field-otherCodes">{t('clinicalRecord.otherCodes')}</label>
          <p className="hint" id="field-otherCodes-hint">
            {t('clinicalRecord.otherCodesHint')}
          </p>
          <input
            id="field-otherCodes"
            aria-describedby="field-otherCodes-hint"
            value={otherCodes}
            onChange={(e) => setOtherCodes(e.target.value)}
          />
        </div>
        <fieldset>
          <legend>{t('clinicalRecord.payer')}</legend>
          {(['self-pay', 'insurance'] as const).map((kind) => (
            <label key={kind} className="check">
              <input type="radio" name="payer" checked={payerKind === kind} onChange={() => setPayerKind(kind)} />
              {t('clinicalRecord.payerKind', { kind })}
            </label>
          ))}
          {payerKind === 'insurance' && (
            <>
              {text('field-payerName', t('clinicalRecord.insurer'), payerName, setPayerName)}
              {text('field-memberNumber', t('clinicalRecord.memberNumber'), memberNumber, setMemberNumber)}
            </>
          )}
        </fieldset>
        <fieldset>
          <legend>{t('clinicalRecord.goals')}</legend>
          <p className="hint">{t('clinicalRecord.goalsHint')}</p>
          {goals.map((goal, i) => (
            <div key={i} className="goal">
              {text(`field-goal-${i}-words`, t('clinicalRecord.goalWords', { n: i + 1 }), goal.words, (v) =>
                setGoals((all) => all.map((g, j) => (j === i ? { ...g, words: v } : g))),
              )}
              {text(`field-goal-${i}-measure`, t('clinicalRecord.goalMeasure', { n: i + 1 }), goal.measure, (v) =>
                setGoals((all) => all.map((g, j) => (j === i ? { ...g, measure: v } : g))),
              )}
            </div>
          ))}
        </fieldset>
        <div role="status">{saved && <p className="notice notice--success">{t('clinicalRecord.saved')}</p>}</div>
        <SubmitButton pending={save.isPending} pendingLabel={t('clinicalRecord.saving')}>
          {t('clinicalRecord.save')}
        </SubmitButton>
      </form>
      <SuperbillDownload userId={userId} />
    </>
  );
}
