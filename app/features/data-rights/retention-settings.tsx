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
import { formProblems } from '../../ui/form-problems.js';
import { ProblemSummary } from '../../ui/problem-summary.js';
import { SubmitButton } from '../../ui/submit-button.js';
import { TextField } from '../../ui/text-field.js';

const LABELS = {
  clinicalYears: 'Clinical records: years after the last session',
  jurisdictionNote: 'The law you follow (shown to members)',
  auditYears: 'Audit log: years',
  outboxDays: 'E-mail outbox: days',
  signInDays: 'Ended sign-ins and expired links: days',
} as const;

/** The practice's retention periods, for its owners and admins (docs/decisions/0031). */
export function RetentionSettings() {
  const retention = useQuery({
    queryKey: dataRightsKeys.retention,
    queryFn: () => api<Settings>('/api/practice/retention'),
  });
  if (!retention.data) return null;
  return (
    <section className="card" aria-labelledby="retention-settings-heading">
      <h2 id="retention-settings-heading">How long records are kept</h2>
      <p>
        Clinical records of someone erased at their request are kept this long after their last session, then deleted;
        everything else is deleted once its period ends. A job applies these every day. Members read them in plain words
        on their account page.
      </p>
      <RetentionForm initial={retention.data} />
    </section>
  );
}

function RetentionForm({ initial }: { initial: Settings }) {
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
  const problems = formProblems(save.error, LABELS);
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
      label={LABELS[name]}
      hint={`Between ${limit.min} and ${limit.max}; ${DEFAULT_RETENTION[name]} unless you change it.`}
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
        <ProblemSummary title="The periods were not saved" message={problems.message} fields={problems.fields} />
      )}
      {number('clinicalYears', ClinicalRetentionYearsLimit)}
      <TextField
        name="jurisdictionNote"
        label={LABELS.jurisdictionNote}
        hint="For example: HIPAA / state law: 7 years after last contact."
        maxLength={JurisdictionNoteLimit.max}
        value={values.jurisdictionNote}
        onChange={(e) => setValues({ ...values, jurisdictionNote: e.target.value })}
        problem={problems?.byField.jurisdictionNote}
      />
      {number('auditYears', AuditRetentionYearsLimit)}
      {number('outboxDays', OutboxRetentionDaysLimit)}
      {number('signInDays', SignInRetentionDaysLimit)}
      <div role="status">{saved && <p className="notice notice--success">Saved.</p>}</div>
      <SubmitButton pending={save.isPending}>Save the periods</SubmitButton>
    </form>
  );
}
