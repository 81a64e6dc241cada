import { z } from 'zod';
import { crisisResourcesFor } from './crisis-resources.js';

/**
 * A member's safety plan, after the steps of the Stanley–Brown Safety Planning Intervention, in
 * Hearth's own words (PRODUCT.md §5, docs/safety-plan.md). Each step is a short list in the
 * member's words; the people steps say how to reach each person. Reasons for living is optional,
 * like every step: a plan with one line in it is still a plan.
 */
export const SAFETY_PLAN_LISTS = [
  'warningSigns',
  'onMyOwn',
  'takeMyMindOff',
  'saferSpace',
  'reasonsForLiving',
] as const;
export const SAFETY_PLAN_CONTACTS = ['askForHelp', 'professionals'] as const;
/** The steps in the order the plan is read in a hard moment. */
export const SAFETY_PLAN_STEPS = [
  'warningSigns',
  'onMyOwn',
  'takeMyMindOff',
  'askForHelp',
  'professionals',
  'saferSpace',
  'reasonsForLiving',
] as const;
export type SafetyPlanStep = (typeof SAFETY_PLAN_STEPS)[number];

/**
 * Room for what a person writes in a hard moment, bounded so that one plan stays a page or two:
 * up to 20 lines a step, a line up to 500 characters; a person's name up to 120, how to reach
 * them up to 200 (a number, an address, "knock on the door upstairs").
 */
export const SafetyPlanLimit = { lines: 20, line: 500, name: 120, reach: 200 } as const;

const line = z
  .string()
  .trim()
  .min(1, 'problem.field.fillIn')
  .max(SafetyPlanLimit.line, 'problem.field.atMostCharacters');
const lines = z.array(line).max(SafetyPlanLimit.lines, 'problem.field.atMost').default([]);
const contact = z.object({
  name: z.string().trim().min(1, 'problem.field.fillIn').max(SafetyPlanLimit.name, 'problem.field.atMostCharacters'),
  reach: z.string().trim().max(SafetyPlanLimit.reach, 'problem.field.atMostCharacters').default(''),
});
const contacts = z.array(contact).max(SafetyPlanLimit.lines, 'problem.field.atMost').default([]);

export const SafetyPlanContentSchema = z.object({
  warningSigns: lines,
  onMyOwn: lines,
  takeMyMindOff: lines,
  askForHelp: contacts,
  professionals: contacts,
  saferSpace: lines,
  reasonsForLiving: lines,
});
export type SafetyPlanContent = z.infer<typeof SafetyPlanContentSchema>;
export type SafetyPlanContact = z.infer<typeof contact>;

export function emptySafetyPlan(): SafetyPlanContent {
  return {
    warningSigns: [],
    onMyOwn: [],
    takeMyMindOff: [],
    askForHelp: [],
    professionals: [],
    saferSpace: [],
    reasonsForLiving: [],
  };
}

/**
 * The professionals step as a new plan starts it: the emergency number and the crisis lines for
 * the member's country, in their language (domain/crisis-resources.ts). The member edits, removes
 * or adds to them; what they save is theirs.
 */
export function suggestedProfessionals(country: string | null | undefined, locale: string): SafetyPlanContact[] {
  const resources = crisisResourcesFor(country, locale);
  return [resources.emergency, ...resources.lines].map((l) => ({
    name: l.name.slice(0, SafetyPlanLimit.name),
    reach: l.action.slice(0, SafetyPlanLimit.reach),
  }));
}

/** Whether two plans say the same thing (saving an unchanged plan makes no new version). */
export function samePlan(a: SafetyPlanContent, b: SafetyPlanContent): boolean {
  return JSON.stringify(SafetyPlanContentSchema.parse(a)) === JSON.stringify(SafetyPlanContentSchema.parse(b));
}

/** Whether a plan has nothing written in it. */
export function isEmptyPlan(plan: SafetyPlanContent): boolean {
  return SAFETY_PLAN_STEPS.every((step) => plan[step].length === 0);
}
