import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { NOTE_TEMPLATE_NAMES, SignWithinDaysLimit, type NoteTemplate } from '../../../domain/notes.js';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import { notesKeys, type NoteSettings, type Signers } from '../../api/notes.js';
import { labelKey } from '../../i18n/labels.js';
import type { Role } from '../../../domain/roles.js';
import { useT } from '../../i18n/use-t.js';
import { formProblems } from '../../ui/form-problems.js';
import { ProblemSummary } from '../../ui/problem-summary.js';
import { SubmitButton } from '../../ui/submit-button.js';

/** The practice's note template, its "sign within N days", and how each clinician signs. */
export function NoteSettingsSection() {
  const t = useT();
  const settings = useQuery({ queryKey: notesKeys.settings, queryFn: () => api<NoteSettings>('/api/notes/settings') });
  const signers = useQuery({ queryKey: notesKeys.signers, queryFn: () => api<Signers>('/api/notes/signers') });
  if (!settings.data || !signers.data) return null;
  return (
    <section className="card" aria-labelledby="note-settings-heading">
      <h2 id="note-settings-heading">{t('notes.settings.heading')}</h2>
      <p>{t('notes.settings.intro')}</p>
      <SettingsForm initial={settings.data} />
      <h3>{t('notes.settings.signers')}</h3>
      <p>{t('notes.settings.signersIntro')}</p>
      {signers.data.signers
        .filter((s) => s.role !== 'member')
        .map((s) => (
          <SignerForm
            key={s.userId}
            signer={s}
            supervisors={signers.data.signers.filter((x) => x.role === 'supervisor')}
          />
        ))}
    </section>
  );
}

function SettingsForm({ initial }: { initial: NoteSettings }) {
  const t = useT();
  const changed = useChanged();
  const [template, setTemplate] = useState<NoteTemplate>(initial.template);
  const [days, setDays] = useState(String(initial.signWithinDays));
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      api<NoteSettings>('/api/notes/settings', { method: 'PUT', body: { template, signWithinDays: Number(days) } }),
    onSuccess: () => {
      setSaved(true);
      void changed('practice');
    },
  });
  const problems = formProblems(save.error, {
    template: t('notes.settings.template'),
    signWithinDays: t('notes.settings.signWithin'),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate();
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {problems && (
        <ProblemSummary title={t('notes.settings.notSaved')} message={problems.message} fields={problems.fields} />
      )}
      <div className="field">
        <label htmlFor="field-template">{t('notes.settings.template')}</label>
        <select id="field-template" value={template} onChange={(e) => setTemplate(e.target.value as NoteTemplate)}>
          {NOTE_TEMPLATE_NAMES.map((name) => (
            <option key={name} value={name}>
              {t('notes.settings.templateName', { name })}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="field-signWithinDays">{t('notes.settings.signWithin')}</label>
        <input
          id="field-signWithinDays"
          type="number"
          inputMode="numeric"
          min={SignWithinDaysLimit.min}
          max={SignWithinDaysLimit.max}
          value={days}
          onChange={(e) => setDays(e.target.value)}
        />
      </div>
      <div role="status">{saved && <p className="notice notice--success">{t('notes.settings.saved')}</p>}</div>
      <SubmitButton pending={save.isPending} pendingLabel={t('notes.settings.saving')}>
        {t('notes.settings.save')}
      </SubmitButton>
    </form>
  );
}

function SignerForm({ signer, supervisors }: { signer: Signers['signers'][number]; supervisors: Signers['signers'] }) {
  const t = useT();
  const changed = useChanged();
  const [credential, setCredential] = useState(signer.credential);
  const [supervisorId, setSupervisorId] = useState(signer.supervisorId ?? '');
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      api<Signers>(`/api/notes/signers/${signer.userId}`, {
        method: 'PUT',
        body: { credential, supervisorId: supervisorId || null },
      }),
    onSuccess: () => {
      setSaved(true);
      void changed('practice');
    },
  });
  const id = (part: string) => `signer-${signer.userId}-${part}`;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate();
  };
  return (
    <form className="form signer" onSubmit={onSubmit} noValidate aria-labelledby={id('name')}>
      <h4 id={id('name')}>
        {t('notes.settings.signerName', { name: signer.name, role: t(labelKey('role', signer.role as Role)) })}
      </h4>
      {save.error && <ProblemSummary title={t('notes.settings.notSaved')} message={save.error.message} />}
      <div className="field">
        <label htmlFor={id('credential')}>{t('notes.settings.credential', { name: signer.name })}</label>
        <input
          id={id('credential')}
          value={credential}
          maxLength={60}
          onChange={(e) => setCredential(e.target.value)}
        />
      </div>
      {signer.role !== 'supervisor' && (
        <div className="field">
          <label htmlFor={id('supervisor')}>{t('notes.settings.cosigner', { name: signer.name })}</label>
          <select id={id('supervisor')} value={supervisorId} onChange={(e) => setSupervisorId(e.target.value)}>
            <option value="">{t('notes.settings.noCosign')}</option>
            {supervisors.map((s) => (
              <option key={s.userId} value={s.userId}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div role="status">{saved && <p className="notice notice--success">{t('notes.settings.saved')}</p>}</div>
      <SubmitButton pending={save.isPending} pendingLabel={t('notes.settings.saving')}>
        {t('notes.settings.saveSigner', { name: signer.name })}
      </SubmitButton>
    </form>
  );
}
