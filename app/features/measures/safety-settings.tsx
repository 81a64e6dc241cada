import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import { useT } from '../../i18n/use-t.js';
import { formProblems } from '../../ui/form-problems.js';
import { ProblemSummary } from '../../ui/problem-summary.js';
import { TextField } from '../../ui/text-field.js';
import { SubmitButton } from '../../ui/submit-button.js';

interface Safety {
  backupClinicianId: string | null;
  escalationMinutes: number;
  choices: Array<{ userId: string; name: string }>;
}

/** Under `practice`, which every change to the practice's settings refreshes (app/api/changes.ts). */
const KEY = ['practice', 'safety'] as const;

/**
 * Who hears of an urgent alert (PHQ-9 question 9) that no facilitator has acknowledged, and after
 * how long (PRODUCT.md §5). Without a backup clinician, the practice's owners and admins hear.
 */
export function SafetySettings() {
  const t = useT();
  const safety = useQuery({ queryKey: KEY, queryFn: () => api<Safety>('/api/practice/safety') });
  if (!safety.data) return null;
  return (
    <section className="card" aria-labelledby="safety-heading">
      <h2 id="safety-heading">{t('safetySettings.heading')}</h2>
      <p>{t('safetySettings.intro')}</p>
      <SafetyForm initial={safety.data} />
    </section>
  );
}

function SafetyForm({ initial }: { initial: Safety }) {
  const t = useT();
  const changed = useChanged();
  const [backup, setBackup] = useState(initial.backupClinicianId ?? '');
  const [minutes, setMinutes] = useState(String(initial.escalationMinutes));
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      api<Safety>('/api/practice/safety', {
        method: 'PUT',
        body: { backupClinicianId: backup || null, escalationMinutes: Number(minutes) },
      }),
    onSuccess: () => {
      setSaved(true);
      void changed('practice');
    },
  });
  const problems = formProblems(save.error, {
    backupClinicianId: t('safetySettings.backup'),
    escalationMinutes: t('safetySettings.minutes'),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate();
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {problems && (
        <ProblemSummary title={t('safetySettings.notSaved')} message={problems.message} fields={problems.fields} />
      )}
      <div className="field">
        <label htmlFor="field-backupClinicianId">{t('safetySettings.backup')}</label>
        <select id="field-backupClinicianId" value={backup} onChange={(e) => setBackup(e.target.value)}>
          <option value="">{t('safetySettings.backupNone')}</option>
          {initial.choices.map((c) => (
            <option key={c.userId} value={c.userId}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <TextField
        name="escalationMinutes"
        label={t('safetySettings.minutes')}
        hint={t('safetySettings.minutesHint')}
        type="number"
        inputMode="numeric"
        value={minutes}
        onChange={(e) => setMinutes(e.target.value)}
        problem={problems?.byField.escalationMinutes}
      />
      <div role="status">{saved && <p className="notice notice--success">{t('safetySettings.saved')}</p>}</div>
      <SubmitButton pending={save.isPending}>{t('safetySettings.save')}</SubmitButton>
    </form>
  );
}
