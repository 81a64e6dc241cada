import { useMutation } from '@tanstack/react-query';
import { useChanged } from '../../api/changes.js';
import { useState, type FormEvent } from 'react';
import {
  SAFETY_PLAN_STEPS,
  SafetyPlanLimit,
  type SafetyPlanContact,
  type SafetyPlanContent,
} from '../../../domain/safety-plan.js';
import { api } from '../../api/client.js';
import type { SafetyPlanView } from '../../api/self-care.js';
import type { MessageKey } from '../../i18n/i18n.js';
import { useT } from '../../i18n/use-t.js';
import { formProblems } from '../../ui/form-problems.js';
import { ProblemSummary } from '../../ui/problem-summary.js';
import { SubmitButton } from '../../ui/submit-button.js';
import { TextArea } from '../../ui/text-area.js';
import { STEP_HEADINGS } from './safety-plan-view.js';

type ListStep = 'warningSigns' | 'onMyOwn' | 'takeMyMindOff' | 'saferSpace' | 'reasonsForLiving';
type ContactStep = 'askForHelp' | 'professionals';
const isContactStep = (step: string): step is ContactStep => step === 'askForHelp' || step === 'professionals';

const HINTS: Record<(typeof SAFETY_PLAN_STEPS)[number], MessageKey> = {
  warningSigns: 'safetyPlan.hint.warningSigns',
  onMyOwn: 'safetyPlan.hint.onMyOwn',
  takeMyMindOff: 'safetyPlan.hint.takeMyMindOff',
  askForHelp: 'safetyPlan.hint.askForHelp',
  professionals: 'safetyPlan.hint.professionals',
  saferSpace: 'safetyPlan.hint.saferSpace',
  reasonsForLiving: 'safetyPlan.hint.reasonsForLiving',
};

interface Draft {
  lists: Record<ListStep, string>;
  contacts: Record<ContactStep, SafetyPlanContact[]>;
}

function draftOf(plan: SafetyPlanContent): Draft {
  return {
    lists: {
      warningSigns: plan.warningSigns.join('\n'),
      onMyOwn: plan.onMyOwn.join('\n'),
      takeMyMindOff: plan.takeMyMindOff.join('\n'),
      saferSpace: plan.saferSpace.join('\n'),
      reasonsForLiving: plan.reasonsForLiving.join('\n'),
    },
    contacts: { askForHelp: plan.askForHelp, professionals: plan.professionals },
  };
}

function planOf(draft: Draft): SafetyPlanContent {
  const lines = (text: string) =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  const people = (list: SafetyPlanContact[]) =>
    list.map((c) => ({ name: c.name.trim(), reach: c.reach.trim() })).filter((c) => c.name || c.reach);
  return {
    warningSigns: lines(draft.lists.warningSigns),
    onMyOwn: lines(draft.lists.onMyOwn),
    takeMyMindOff: lines(draft.lists.takeMyMindOff),
    askForHelp: people(draft.contacts.askForHelp),
    professionals: people(draft.contacts.professionals),
    saferSpace: lines(draft.lists.saferSpace),
    reasonsForLiving: lines(draft.lists.reasonsForLiving),
  };
}

/**
 * The plan's steps as a form, in the member's words: a step is a few lines (one thing a line), or
 * people with how to reach them. `endpoint` is the member's own plan, or a member's plan written
 * with them by their facilitator.
 */
export function SafetyPlanForm({
  start,
  baseVersion,
  endpoint,
  change,
  onSaved,
  onCancel,
}: {
  start: SafetyPlanContent;
  baseVersion: number;
  endpoint: string;
  /** What a save changes: the member's own ('mine'), or a member's plan a facilitator reads ('people'). */
  change: 'mine' | 'people';
  onSaved: (view: SafetyPlanView) => void;
  onCancel?: () => void;
}) {
  const t = useT();
  const [draft, setDraft] = useState(() => draftOf(start));
  const changed = useChanged();
  const save = useMutation({
    mutationFn: () => api<SafetyPlanView>(endpoint, { method: 'PUT', body: { plan: planOf(draft), baseVersion } }),
    // The plan is read again before the form closes, so the saved words show at once.
    onSuccess: async (view) => {
      await changed(change);
      onSaved(view);
    },
  });
  const labels = Object.fromEntries(
    SAFETY_PLAN_STEPS.map((step) => [`body.plan.${step}`, t(STEP_HEADINGS[step])]),
  ) as Record<string, string>;
  const problems = formProblems(save.error, labels);
  const problemFor = (step: string) =>
    Object.entries(problems?.byField ?? {}).find(([field]) => field.startsWith(`body.plan.${step}`))?.[1];

  const setContact = (step: ContactStep, i: number, change: Partial<SafetyPlanContact>) =>
    setDraft((d) => ({
      ...d,
      contacts: { ...d.contacts, [step]: d.contacts[step].map((c, j) => (j === i ? { ...c, ...change } : c)) },
    }));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form onSubmit={onSubmit} noValidate className="plan-form">
      {problems && (
        <ProblemSummary title={t('safetyPlan.problemTitle')} message={problems.message} fields={problems.fields} />
      )}
      {SAFETY_PLAN_STEPS.map((step, index) =>
        isContactStep(step) ? (
          <fieldset key={step} className="card" id={`field-body.plan.${step}`} tabIndex={-1}>
            <legend>
              {t('safetyPlan.stepNumber', { number: index + 1 })} {t(STEP_HEADINGS[step])}
            </legend>
            <p className="hint">{t(HINTS[step])}</p>
            {problemFor(step) && <p className="field-problem">{problemFor(step)}</p>}
            {draft.contacts[step].map((contact, i) => (
              <div key={i} className="contact-row">
                <div className="field">
                  <label htmlFor={`${step}-${i}-name`}>{t('safetyPlan.contact.name', { number: i + 1 })}</label>
                  <input
                    id={`${step}-${i}-name`}
                    value={contact.name}
                    maxLength={SafetyPlanLimit.name}
                    onChange={(e) => setContact(step, i, { name: e.target.value })}
                  />
                </div>
                <div className="field">
                  <label htmlFor={`${step}-${i}-reach`}>{t('safetyPlan.contact.reach', { number: i + 1 })}</label>
                  <input
                    id={`${step}-${i}-reach`}
                    value={contact.reach}
                    maxLength={SafetyPlanLimit.reach}
                    onChange={(e) => setContact(step, i, { reach: e.target.value })}
                  />
                </div>
                <button
                  type="button"
                  className="button button--quiet"
                  onClick={() =>
                    setDraft((d) => ({
                      ...d,
                      contacts: { ...d.contacts, [step]: d.contacts[step].filter((_, j) => j !== i) },
                    }))
                  }
                >
                  {t('safetyPlan.contact.remove', {
                    name: contact.name || t('safetyPlan.contact.unnamed', { number: i + 1 }),
                  })}
                </button>
              </div>
            ))}
            {draft.contacts[step].length < SafetyPlanLimit.lines && (
              <button
                type="button"
                className="button button--quiet"
                onClick={() =>
                  setDraft((d) => ({
                    ...d,
                    contacts: { ...d.contacts, [step]: [...d.contacts[step], { name: '', reach: '' }] },
                  }))
                }
              >
                {t(step === 'askForHelp' ? 'safetyPlan.contact.addPerson' : 'safetyPlan.contact.addService')}
              </button>
            )}
          </fieldset>
        ) : (
          <div key={step} className="card">
            <TextArea
              name={`body.plan.${step}`}
              label={`${t('safetyPlan.stepNumber', { number: index + 1 })} ${t(STEP_HEADINGS[step])}`}
              hint={t(HINTS[step])}
              problem={problemFor(step)}
              rows={4}
              value={draft.lists[step]}
              onChange={(e) => setDraft((d) => ({ ...d, lists: { ...d.lists, [step]: e.target.value } }))}
            />
          </div>
        ),
      )}
      <div className="actions">
        <SubmitButton pending={save.isPending} pendingLabel={t('safetyPlan.saving')}>
          {t('safetyPlan.save')}
        </SubmitButton>
        {onCancel && (
          <button type="button" className="button button--quiet" onClick={onCancel}>
            {t('safetyPlan.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
