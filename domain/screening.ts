/**
 * The questions a referred person answers before a clinician decides about their place. Each
 * group may replace them; these are Hearth's own words, short and plain.
 */
export const DEFAULT_SCREENING_QUESTIONS: readonly string[] = [
  'What would you like help with in a group?',
  'Have you been in a therapy group before? If so, what was it like for you?',
  'Is there anything that might make it hard to come every week?',
  'Is there anything you would like the facilitators to know before you start?',
];

export const ScreeningLimits = {
  /** Enough to ask what matters; few enough to answer on a phone. */
  questions: { min: 1, max: 10 },
  question: { max: 300 },
  /** A few paragraphs per answer. */
  answer: { max: 3000 },
} as const;
