import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { CPT_CODES, TELEHEALTH_PLACES, type CptCode, type TelehealthPlace } from '../../domain/billing.js';
import { GROUP_LEAD_ROLES } from '../../domain/roles.js';
import { billingKeys, type BillingSettings } from '../api/billing.js';
import { useChanged } from '../api/changes.js';
import { api } from '../api/client.js';
import type { Viewer } from '../api/session.js';
import { useT } from '../i18n/use-t.js';
import { formProblems } from '../ui/form-problems.js';
import { usePageTitle } from '../ui/page-title.js';
import { ProblemSummary } from '../ui/problem-summary.js';
import { RequireViewer } from '../ui/require-viewer.js';
import { SubmitButton } from '../ui/submit-button.js';
import { TextField } from '../ui/text-field.js';

/** Billing settings: what a claim says about the practice, its fees, and each clinician's identifiers. */
export function BillingSettingsPage() {
  return <RequireViewer roles={GROUP_LEAD_ROLES}>{(viewer) => <BillingSettingsView viewer={viewer} />}</RequireViewer>;
}

function BillingSettingsView({ viewer }: { viewer: Viewer }) {
  const t = useT();
  usePageTitle(t('billing.settings.title'));
  const settings = useQuery({
    queryKey: billingKeys.settings(),
    queryFn: () => api<BillingSettings>('/api/billing/settings'),
  });
  return (
    <>
      <p>
        <Link to="/billing">{t('billing.backToBilling')}</Link>
      </p>
      <h1>{t('billing.settings.title')}</h1>
      {settings.isPending && <p role="status">{t('billing.loading')}</p>}
      {settings.isError && <p role="alert">{t('billing.settings.loadFailed')}</p>}
      {settings.data && (
        <>
          {settings.data.canEdit ? (
            <PracticeForm settings={settings.data} />
          ) : (
            <p>{t('billing.settings.adminsOnly')}</p>
          )}
          {settings.data.clinicians.map((c) => (
            <ClinicianForm key={c.userId} clinician={c} own={c.userId === viewer.user.id} />
          ))}
        </>
      )}
    </>
  );
}

const cents = (text: string) => Math.round(Number(text.replace(',', '.')) * 100);

function PracticeForm({ settings }: { settings: BillingSettings }) {
  const t = useT();
  const changed = useChanged();
  const practice = settings.practice;
  const [form, setForm] = useState({
    billingName: practice?.billingName ?? '',
    address: practice?.address ?? '',
    taxId: practice?.taxId ?? '',
    npi: practice?.npi ?? '',
    telehealthPlace: practice?.telehealthPlace ?? ('10' as TelehealthPlace),
  });
  const [fees, setFees] = useState<Record<CptCode, string>>(
    () =>
      Object.fromEntries(
        settings.fees.map((f) => [f.cpt, f.feeCents === null ? '' : (f.feeCents / 100).toFixed(2)]),
      ) as Record<CptCode, string>,
  );
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      api<BillingSettings>('/api/billing/settings', {
        method: 'PUT',
        body: {
          ...form,
          fees: CPT_CODES.filter((cpt) => fees[cpt].trim() !== '').map((cpt) => ({
            cpt,
            feeCents: cents(fees[cpt]),
          })),
        },
      }),
    onSuccess: async () => {
      setSaved(true);
      await changed('billing');
    },
  });
  const problems = formProblems(save.error, {
    billingName: t('billing.settings.billingName'),
    address: t('billing.settings.address'),
    taxId: t('billing.settings.taxId'),
    npi: t('billing.settings.npi'),
    telehealthPlace: t('billing.settings.telehealthPlace'),
    fees: t('billing.settings.fees'),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate();
  };
  const text = (name: keyof typeof form, label: string, hint?: string) => (
    <TextField
      name={name}
      label={label}
      hint={hint}
      value={form[name]}
      problem={problems?.byField[name]}
      onChange={(e) => setForm((f) => ({ ...f, [name]: e.target.value }))}
    />
  );
  return (
    <section className="card" aria-labelledby="billing-practice-heading">
      <h2 id="billing-practice-heading">{t('billing.settings.practiceHeading')}</h2>
      <form className="form" onSubmit={onSubmit} noValidate>
        {problems && (
          <ProblemSummary title={t('billing.settings.notSaved')} message={problems.message} fields={problems.fields} />
        )}
        {text('billingName', t('billing.settings.billingName'))}
        {text('address', t('billing.settings.address'))}
        {text('taxId', t('billing.settings.taxId'), t('billing.settings.taxIdHint'))}
        {text('npi', t('billing.settings.npi'), t('billing.settings.npiHint'))}
        <fieldset className="field" id="field-telehealthPlace">
          <legend>{t('billing.settings.telehealthPlace')}</legend>
          {TELEHEALTH_PLACES.map((place) => (
            <label className="radio" key={place}>
              <input
                type="radio"
                name="telehealthPlace"
                value={place}
                checked={form.telehealthPlace === place}
                onChange={() => setForm((f) => ({ ...f, telehealthPlace: place }))}
              />
              <span>{t(`billing.settings.place.${place}`)}</span>
            </label>
          ))}
        </fieldset>
        <fieldset className="field" id="field-fees">
          <legend>{t('billing.settings.fees')}</legend>
          {CPT_CODES.map((cpt, i) => (
            <TextField
              key={cpt}
              name={`fees.${i}.feeCents`}
              inputMode="decimal"
              label={t(`billing.settings.fee.${cpt}`)}
              value={fees[cpt]}
              problem={problems?.byField[`fees.${i}.feeCents`]}
              onChange={(e) => setFees((f) => ({ ...f, [cpt]: e.target.value }))}
            />
          ))}
        </fieldset>
        <div role="status">{saved && <p className="notice notice--success">{t('billing.settings.saved')}</p>}</div>
        <SubmitButton pending={save.isPending}>{t('billing.settings.save')}</SubmitButton>
      </form>
    </section>
  );
}

function ClinicianForm({ clinician, own }: { clinician: BillingSettings['clinicians'][number]; own: boolean }) {
  const t = useT();
  const changed = useChanged();
  const prefix = `clinician-${clinician.userId}-`;
  const [form, setForm] = useState({
    npi: clinician.npi ?? '',
    licence: clinician.licence ?? '',
    taxonomy: clinician.taxonomy ?? '',
  });
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      api<BillingSettings>(`/api/billing/clinicians/${clinician.userId}`, { method: 'PUT', body: form }),
    onSuccess: async () => {
      setSaved(true);
      await changed('billing');
    },
  });
  const problems = formProblems(
    save.error,
    {
      npi: t('billing.settings.clinicianNpi'),
      licence: t('billing.settings.licence'),
      taxonomy: t('billing.settings.taxonomy'),
    },
    prefix,
  );
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate();
  };
  const heading = own
    ? t('billing.settings.yourIdentifiers')
    : t('billing.settings.clinicianHeading', { name: clinician.name });
  return (
    <section className="card" aria-label={heading}>
      <h2>{heading}</h2>
      <form className="form" onSubmit={onSubmit} noValidate>
        {problems && (
          <ProblemSummary title={t('billing.settings.notSaved')} message={problems.message} fields={problems.fields} />
        )}
        {(['npi', 'licence', 'taxonomy'] as const).map((name) => (
          <TextField
            key={name}
            name={`${prefix}${name}`}
            label={t(name === 'npi' ? 'billing.settings.clinicianNpi' : `billing.settings.${name}`)}
            hint={name === 'taxonomy' ? t('billing.settings.taxonomyHint') : undefined}
            value={form[name]}
            problem={problems?.byField[name]}
            onChange={(e) => setForm((f) => ({ ...f, [name]: e.target.value }))}
          />
        ))}
        <div role="status">{saved && <p className="notice notice--success">{t('billing.settings.saved')}</p>}</div>
        <SubmitButton pending={save.isPending}>{t('billing.settings.saveClinician')}</SubmitButton>
      </form>
    </section>
  );
}
