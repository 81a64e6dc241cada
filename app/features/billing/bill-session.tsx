import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ATTENDED } from '../../../domain/attendance.js';
import {
  SESSION_CODES,
  takesInteractiveComplexity,
  type AttendedAs,
  type SessionCode,
  type TelehealthPlace,
} from '../../../domain/billing.js';
import { billingKeys, type BillingLine } from '../../api/billing.js';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import type { Group } from '../../api/groups.js';
import type { AttendanceSheet } from '../../api/schedule.js';
import { shownName } from '../../i18n/labels.js';
import { useT } from '../../i18n/use-t.js';
import { formProblems } from '../../ui/form-problems.js';
import { ProblemSummary } from '../../ui/problem-summary.js';
import { SubmitButton } from '../../ui/submit-button.js';
import { DiagnosisLink } from './diagnosis-link.js';

/**
 * Billing a session, under its attendance: one line for each person who attended and has none
 * yet, under 90853 (or 90849), with 90785 where the session had interactive complexity for them.
 * Each line waits for its note to be signed before it is ready, and an insured member's for a
 * diagnosis code in their record (it links there).
 */
export function BillSession({ group, sheet }: { group: Group; sheet: AttendanceSheet }) {
  const t = useT();
  const changed = useChanged();
  const sessionId = sheet.session.id;
  const lines = useQuery({
    queryKey: billingKeys.session(sessionId),
    queryFn: () => api<{ lines: BillingLine[] }>(`/api/groups/${group.id}/sessions/${sessionId}/billing-lines`),
  });
  const [code, setCode] = useState<SessionCode>('90853');
  const [complex, setComplex] = useState<Record<string, boolean>>({});
  const [modes, setModes] = useState<Record<string, AttendedAs>>({});
  const [places, setPlaces] = useState<Record<string, TelehealthPlace>>({});
  const billed = new Set((lines.data?.lines ?? []).map((l) => l.memberId));
  const attended = sheet.entries.filter((e) => e.status && ATTENDED.includes(e.status));
  const toBill = attended.filter((e) => !billed.has(e.memberId));
  const hybrid = group.meetingMode === 'hybrid';
  // 90785 rides on 90853 only: a multiple-family group (90849) is not asked about it.
  const complexity = takesInteractiveComplexity(code);
  const online = (memberId: string) =>
    group.meetingMode === 'online' || (hybrid && (modes[memberId] ?? 'in-person') === 'online');
  const create = useMutation({
    mutationFn: () =>
      api<{ lines: BillingLine[] }>(`/api/groups/${group.id}/sessions/${sessionId}/billing-lines`, {
        method: 'POST',
        body: {
          code,
          lines: toBill.map((e) => ({
            memberId: e.memberId,
            ...(complexity && complex[e.memberId] && { interactiveComplexity: true }),
            ...(hybrid && { attendedAs: modes[e.memberId] ?? 'in-person' }),
            ...(online(e.memberId) && places[e.memberId] && { telehealthPlace: places[e.memberId] }),
          })),
        },
      }),
    onSuccess: () => changed('billing'),
  });
  const problems = formProblems(create.error, { lines: t('billing.session.people'), code: t('billing.session.code') });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const nameOf = (memberId: string) => {
    const entry = sheet.entries.find((e) => e.memberId === memberId);
    return shownName(t, entry?.displayName ?? entry?.name ?? '');
  };

  return (
    <section className="card" aria-labelledby="bill-session-heading">
      <h2 id="bill-session-heading">{t('billing.session.heading')}</h2>
      {lines.data && lines.data.lines.length > 0 && (
        <ul>
          {lines.data.lines.map((line) => (
            <li key={line.id}>
              {t('billing.session.line', {
                name: nameOf(line.memberId),
                codes: [line.cpt, line.addOn].filter(Boolean).join(' + '),
                status: t(`billing.status.${line.status}`),
              })}
              {line.status === 'needs-diagnosis' && (
                <>
                  <br />
                  <DiagnosisLink line={line} name={nameOf(line.memberId)} />
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {attended.length === 0 && <p>{t('billing.session.nobodyAttended')}</p>}
      {toBill.length > 0 && (
        <form className="form" onSubmit={onSubmit} noValidate>
          {problems && (
            <ProblemSummary
              title={t('billing.session.notBilled')}
              message={problems.message}
              fields={problems.fields}
            />
          )}
          <fieldset className="field" id="field-code">
            <legend>{t('billing.session.code')}</legend>
            {SESSION_CODES.map((c) => (
              <label className="radio" key={c}>
                <input type="radio" name="code" value={c} checked={code === c} onChange={() => setCode(c)} />
                <span>{t(`billing.settings.fee.${c}`)}</span>
              </label>
            ))}
          </fieldset>
          <fieldset className="field" id="field-lines">
            <legend>{t('billing.session.people')}</legend>
            {toBill.map((entry) => (
              <div key={entry.memberId}>
                {complexity ? (
                  <div className="checkbox">
                    <input
                      id={`complex-${entry.memberId}`}
                      type="checkbox"
                      checked={complex[entry.memberId] ?? false}
                      onChange={(e) => setComplex((c) => ({ ...c, [entry.memberId]: e.target.checked }))}
                    />
                    <label htmlFor={`complex-${entry.memberId}`}>
                      {t('billing.session.complexity', { name: nameOf(entry.memberId) })}
                    </label>
                  </div>
                ) : (
                  <p>{nameOf(entry.memberId)}</p>
                )}
                {hybrid && (
                  <div className="field">
                    <label htmlFor={`attended-${entry.memberId}`}>
                      {t('billing.session.attendedAs', { name: nameOf(entry.memberId) })}
                    </label>
                    <select
                      id={`attended-${entry.memberId}`}
                      value={modes[entry.memberId] ?? 'in-person'}
                      onChange={(e) => setModes((m) => ({ ...m, [entry.memberId]: e.target.value as AttendedAs }))}
                    >
                      <option value="in-person">{t('billing.session.inPerson')}</option>
                      <option value="online">{t('billing.session.online')}</option>
                    </select>
                  </div>
                )}
                {online(entry.memberId) && (
                  <div className="field">
                    <label htmlFor={`place-${entry.memberId}`}>
                      {t('billing.session.joinedFrom', { name: nameOf(entry.memberId) })}
                    </label>
                    <select
                      id={`place-${entry.memberId}`}
                      value={places[entry.memberId] ?? ''}
                      onChange={(e) => {
                        const place = e.target.value as TelehealthPlace | '';
                        setPlaces(({ [entry.memberId]: _, ...rest }) =>
                          place ? { ...rest, [entry.memberId]: place } : rest,
                        );
                      }}
                    >
                      <option value="">{t('billing.session.placeUsual')}</option>
                      <option value="10">{t('billing.session.placeHome')}</option>
                      <option value="02">{t('billing.session.placeElsewhere')}</option>
                    </select>
                  </div>
                )}
              </div>
            ))}
          </fieldset>
          <SubmitButton pending={create.isPending}>{t('billing.session.bill', { count: toBill.length })}</SubmitButton>
        </form>
      )}
    </section>
  );
}
