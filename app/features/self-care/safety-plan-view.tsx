import { SAFETY_PLAN_STEPS, type SafetyPlanContent, type SafetyPlanStep } from '../../../domain/safety-plan.js';
import type { MessageKey } from '../../i18n/i18n.js';
import { useT } from '../../i18n/use-t.js';

/** Each step's heading, in the member's voice ("Things I can do on my own"). */
export const STEP_HEADINGS: Record<SafetyPlanStep, MessageKey> = {
  warningSigns: 'safetyPlan.step.warningSigns',
  onMyOwn: 'safetyPlan.step.onMyOwn',
  takeMyMindOff: 'safetyPlan.step.takeMyMindOff',
  askForHelp: 'safetyPlan.step.askForHelp',
  professionals: 'safetyPlan.step.professionals',
  saferSpace: 'safetyPlan.step.saferSpace',
  reasonsForLiving: 'safetyPlan.step.reasonsForLiving',
};

/** What a reach looks like when it is a number or an address: tappable. */
function reachHref(reach: string): string | undefined {
  const digits = reach.replace(/[\s().-]/g, '');
  if (/^\+?\d{3,15}$/.test(digits)) return `tel:${digits}`;
  if (/^https?:\/\/\S+$/.test(reach.trim())) return reach.trim();
  return undefined;
}

/** The plan, step by step, as it is read in a hard moment (and printed). */
export function SafetyPlanSteps({ content, headingLevel = 2 }: { content: SafetyPlanContent; headingLevel?: 2 | 3 }) {
  const t = useT();
  const Heading = `h${headingLevel}` as const;
  return (
    <ol className="plan-steps">
      {SAFETY_PLAN_STEPS.map((step) => {
        const entries = content[step];
        if (step === 'reasonsForLiving' && entries.length === 0) return null;
        return (
          <li key={step} className="card plan-step">
            <Heading>{t(STEP_HEADINGS[step])}</Heading>
            {entries.length === 0 ? (
              <p className="muted">{t('safetyPlan.nothingYet')}</p>
            ) : (
              <ul>
                {entries.map((entry, i) =>
                  typeof entry === 'string' ? (
                    <li key={i}>{entry}</li>
                  ) : (
                    <li key={i}>
                      <strong>{entry.name}</strong>
                      {entry.reach && (
                        <>
                          {': '}
                          {reachHref(entry.reach) ? <a href={reachHref(entry.reach)}>{entry.reach}</a> : entry.reach}
                        </>
                      )}
                    </li>
                  ),
                )}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
