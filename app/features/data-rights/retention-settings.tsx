import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import {
  AuditRetentionYearsLimit,
  ClinicalRetentionYearsLimit,
  JurisdictionNoteLimit,
  OutboxRetentionDaysLimit,
  SignInRetentionDaysLimit,
} from '../../../domain/limits.js';
import { DEFAULT_RETENTION, type RetentionSettings as Settings } from '../../../domain/retention.js';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import { dataRightsKeys } from '../../api/data-rights.js';
import { useT } from '../../i18n/use-t.js';
import { formProblems } from '../../ui/form-problems.js';
import { ProblemSummary } from '../../ui/problem-summary.js';
import { SubmitButton } from '../../ui/submit-button.js';
import { TextField } from '../../ui/text-field.js';

const LABEL_KEYS = {
  clinicalYears: 'dataRights.settings.clinicalYears',
  jurisdictionNote: 'dataRights.settings.jurisdictionNote',
  auditYears: 'dataRights.settings.auditYears',
  outboxDays: 'dataRights.settings.outboxDays',
  signInDays: 'dataRights.settings.signInDays',
} as const;

/** The practice's retention periods, for its owners and admins (docs/decisions/0031). */
export function RetentionSettings() {
  const t = useT();
  const retention = useQuery({
    queryKey: dataRightsKeys.retention,
    queryFn: () => api<Settings>('/api/practice/retention'),
  });
  if (!retention.data) return null;
  return (
    <section className="card" aria-labelledby="retention-settings-heading">
      <h2 id="retention-settings-heading">{t('dataRights.settings.heading')}</h2>
      <p>{t('dataRights.settings.intro')}</p>
      <RetentionForm initial={retention.data} />
    </section>
  );
}

function RetentionForm({ initial }: { initial: Settings }) {
  const t = useT();
  const labels = Object.fromEntries(Object.entries(LABEL_KEYS).map(([field, key]) => [field, t(key)]));
  const changed = useChanged();
  const [values, setValues] = useState({
    clinicalYears: String(initial.clinicalYears),
    jurisdictionNote: initial.jurisdictionNote,
    auditYears: String(initial.auditYears),
    outboxDays: String(initial.outboxDays),
    signInDays: String(initial.signInDays),
  });
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      api<Settings>('/api/practice/retention', {
        method: 'PUT',
        body: {
          clinicalYears: Number(values.clinicalYears),
          jurisdictionNote: values.jurisdictionNote,
          auditYears: Number(values.auditYears),
          outboxDays: Number(values.outboxDays),
          signInDays: Number(values.signInDays),
        },
      }),
    onSuccess: () => {
      setSaved(true);
      void changed('practice');
    },
  });
  const problems = formProblems(save.error, labels);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate();
  };
  const number = (
    name: 'clinicalYears' | 'auditYears' | 'outboxDays' | 'signInDays',
    limit: { min: number; max: number },
  ) => (
    <TextField
      name={name}
      label={t(LABEL_KEYS[name])}
      hint={t('dataRights.settings.range', { min: limit.min, max: limit.max, standard: DEFAULT_RETENTION[name] })}
      type="number"
      inputMode="numeric"
      value={values[name]}
      onChange={(e) => setValues({ ...values, [name]: e.target.value })}
      problem={problems?.byField[name]}
    />
  );
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {problems && (
        <ProblemSummary title={t('dataRights.settings.notSaved')} message={problems.message} fields={problems.fields} />
      )}
      {number('clinicalYears', ClinicalRetentionYearsLimit)}
      <TextField
        name="jurisdictionNote"
        label={t(LABEL_KEYS.jurisdictionNote)}
        hint={t('dataRights.settings.jurisdictionHint')}
        maxLength={JurisdictionNoteLimit.max}
        value={values.jurisdictionNote}
        onChange={(e) => setValues({ ...values, jurisdictionNote: e.target.value })}
        problem={problems?.byField.jurisdictionNote}
      />
      {number('auditYears', AuditRetentionYearsLimit)}
      {number('outboxDays', OutboxRetentionDaysLimit)}
      {number('signInDays', SignInRetentionDaysLimit)}
      <div role="status">{saved && <p className="notice notice--success">{t('dataRights.settings.saved')}</p>}</div>
      <SubmitButton pending={save.isPending}>{t('dataRights.settings.save')}</SubmitButton>
    </form>
  );
}
