import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
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
  const safety = useQuery({ queryKey: KEY, queryFn: () => api<Safety>('/api/practice/safety') });
  if (!safety.data) return null;
  return (
    <section className="card" aria-labelledby="safety-heading">
      <h2 id="safety-heading">Safety alerts</h2>
      <p>
        When a member answers PHQ-9 question 9 above “Not at all”, the group’s facilitators get an urgent alert. If
        nobody acknowledges it in time, it goes to a backup clinician.
      </p>
      <SafetyForm initial={safety.data} />
    </section>
  );
}

function SafetyForm({ initial }: { initial: Safety }) {
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
    backupClinicianId: 'Backup clinician',
    escalationMinutes: 'Minutes before it goes to them',
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate();
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {problems && (
        <ProblemSummary title="The settings were not saved" message={problems.message} fields={problems.fields} />
      )}
      <div className="field">
        <label htmlFor="field-backupClinicianId">Backup clinician</label>
        <select id="field-backupClinicianId" value={backup} onChange={(e) => setBackup(e.target.value)}>
          <option value="">None: the practice’s owners and admins</option>
          {initial.choices.map((c) => (
            <option key={c.userId} value={c.userId}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <TextField
        name="escalationMinutes"
        label="Minutes before it goes to them"
        hint="Between 5 and 240; 30 unless you change it."
        type="number"
        inputMode="numeric"
        value={minutes}
        onChange={(e) => setMinutes(e.target.value)}
        problem={problems?.byField.escalationMinutes}
      />
      <div role="status">{saved && <p className="notice notice--success">Saved.</p>}</div>
      <SubmitButton pending={save.isPending}>Save safety settings</SubmitButton>
    </form>
  );
}
