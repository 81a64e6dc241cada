import { optionsOf, scoreRange, type Band, type Instrument } from './instruments.js';

/** A member's answers: item id → the value of the chosen option. */
export type Answers = Readonly<Record<string, number>>;

export interface SubscaleScore {
  id: string;
  name: string;
  total: number | null;
  /** At or above the subscale's cut-off: a positive screen. */
  positive: boolean;
  suggests?: string;
  /** The full questionnaire a positive screen leads to. */
  leadsTo?: string;
}

export interface Score {
  /** Every scored item answered. */
  complete: boolean;
  /** Scored items without an answer, in the instrument's order (their ids). */
  missing: string[];
  /** The reported score (a mean is rounded to one decimal; WHO-5 is × 4); null when incomplete. */
  total: number | null;
  band: string | null;
  subscales: SubscaleScore[];
  /** A safety item answered above 0 (PHQ-9 item 9). */
  safetyFlag: boolean;
}

/** Why a set of answers cannot be saved: an answer not offered, or an item the form does not have. */
export function answersProblem(instrument: Instrument, answers: Answers): { itemId: string; message: string } | null {
  for (const [itemId, value] of Object.entries(answers)) {
    const item = instrument.items.find((i) => i.id === itemId);
    if (!item) return { itemId, message: `This form has no question "${itemId}".` };
    if (!optionsOf(instrument, item).some((o) => o.value === value))
      return { itemId, message: `${value} is not one of the answers to this question.` };
  }
  return null;
}

/** The band a reported score falls in. */
export function bandOf(bands: readonly Band[], score: number): string | null {
  return bands.find((b) => score >= b.min && score <= b.max)?.label ?? null;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Scores a form. An incomplete form gets no total and names what is missing (PRODUCT.md §4);
 * the safety flag is raised from any answer, complete or not, because it must reach a person.
 */
export function scoreAnswers(instrument: Instrument, answers: Answers): Score {
  const scored = instrument.items.filter((i) => !i.unscored);
  const missing = scored.filter((i) => answers[i.id] === undefined).map((i) => i.id);
  const values = scored.map((i) => answers[i.id]).filter((v): v is number => v !== undefined);
  const complete = missing.length === 0;
  let total: number | null = null;
  if (complete) {
    const raw = values.reduce((a, b) => a + b, 0);
    total = instrument.scoring === 'sum' ? raw * (instrument.multiplier ?? 1) : round1(raw / values.length);
  }
  const subscales = (instrument.subscales ?? []).map((s) => {
    const parts = s.itemIds.map((id) => answers[id]);
    const subtotal = parts.every((v) => v !== undefined) ? parts.reduce<number>((a, b) => a + b!, 0) : null;
    return {
      id: s.id,
      name: s.name,
      total: subtotal,
      positive: subtotal !== null && s.positiveAt !== undefined && subtotal >= s.positiveAt,
      ...(s.suggests && { suggests: s.suggests }),
      ...(s.leadsTo && { leadsTo: s.leadsTo }),
    };
  });
  const safetyFlag = instrument.items.some((i) => i.safety && (answers[i.id] ?? 0) > 0);
  return {
    complete,
    missing,
    total,
    band: total === null ? null : bandOf(instrument.bands, total),
    subscales,
    safetyFlag,
  };
}

/** Jacobson & Truax (1991): RC = (x2 − x1) / S_diff, S_diff = √2 · SE, SE = s1 · √(1 − r). */
export function reliableChangeIndex(x1: number, x2: number, sd: number, reliability: number): number {
  const se = sd * Math.sqrt(1 - reliability);
  return (x2 - x1) / (Math.SQRT2 * se);
}

export type ChangeClass = 'reliable-improvement' | 'no-reliable-change' | 'reliable-deterioration';

export interface Change {
  baseline: number;
  latest: number;
  /** latest − baseline, in the instrument's own direction. */
  difference: number;
  /** The Jacobson–Truax index, when the instrument has its parameters. */
  rci: number | null;
  classification: ChangeClass | null;
  /** How the classification was decided, with its source. */
  rule: string | null;
  /** A case at baseline and not at the latest. */
  recovered: boolean | null;
  /** Recovered with a reliable improvement. */
  reliablyRecovered: boolean | null;
}

/**
 * Change from the first to the latest score. The practical threshold (PRODUCT.md §4) decides when
 * the instrument has one; otherwise the Jacobson–Truax index beyond ±1.96; otherwise no class.
 */
export function changeBetween(instrument: Instrument, baseline: number, latest: number): Change {
  const rules = instrument.change;
  const difference = round1(latest - baseline);
  const better = rules?.direction === 'higher-is-better' ? difference : -difference;
  const jt = rules?.jacobsonTruax;
  const rci = jt
    ? Math.round(reliableChangeIndex(baseline, latest, jt.value.sd, jt.value.reliability) * 100) / 100
    : null;
  let classification: ChangeClass | null = null;
  let rule: string | null = null;
  if (rules?.practicalChange) {
    const threshold = rules.practicalChange.value;
    classification =
      better >= threshold
        ? 'reliable-improvement'
        : -better >= threshold
          ? 'reliable-deterioration'
          : 'no-reliable-change';
    rule = `A change of ${threshold} or more (${rules.practicalChange.source})`;
  } else if (jt && rci !== null) {
    const signedBetter = rules?.direction === 'higher-is-better' ? rci : -rci;
    classification =
      signedBetter > 1.96
        ? 'reliable-improvement'
        : signedBetter < -1.96
          ? 'reliable-deterioration'
          : 'no-reliable-change';
    rule = `Reliable change index beyond ±1.96 (Jacobson & Truax 1991; ${jt.source})`;
  }
  const cut = rules?.caseness?.value;
  const isCase = (score: number) =>
    cut === undefined ? null : rules?.direction === 'higher-is-better' ? score < cut : score >= cut;
  const wasCase = isCase(baseline);
  const recovered = wasCase === null ? null : wasCase === true && isCase(latest) === false;
  return {
    baseline,
    latest,
    difference,
    rci,
    classification,
    rule,
    recovered,
    reliablyRecovered: recovered === null ? null : recovered && classification === 'reliable-improvement',
  };
}

/** Why a custom instrument cannot be used: the field, a reason code (a catalog key's last part) and its values. */
export interface InstrumentProblem {
  field: string;
  reason: InstrumentProblemReason;
  values?: Record<string, string | number>;
  /** The same in English, for tests and logs; a person reads the reason through a catalog. */
  message: string;
}

export type InstrumentProblemReason =
  | 'noItems'
  | 'duplicateIds'
  | 'tooFewAnswers'
  | 'duplicateValues'
  | 'nothingScored'
  | 'noBands'
  | 'bandBackwards'
  | 'firstBand'
  | 'lastBand'
  | 'bandsOverlap'
  | 'bandGap'
  | 'subscaleItem';

function found(field: string, reason: InstrumentProblemReason, message: string, values?: InstrumentProblem['values']) {
  return { field, reason, message, ...(values && { values }) };
}

/** Why a custom instrument cannot be used; null when it is sound. */
export function instrumentProblem(instrument: Instrument): InstrumentProblem | null {
  if (instrument.items.length === 0) return found('items', 'noItems', 'Add at least one question.');
  const ids = instrument.items.map((i) => i.id);
  if (new Set(ids).size !== ids.length) return found('items', 'duplicateIds', 'Each question needs its own id.');
  for (const [n, item] of instrument.items.entries()) {
    const values = optionsOf(instrument, item).map((o) => o.value);
    if (values.length < 2) return found(`items.${n}`, 'tooFewAnswers', 'Each question needs at least two answers.');
    if (new Set(values).size !== values.length)
      return found(`items.${n}`, 'duplicateValues', 'Each answer to a question needs its own value.');
  }
  if (instrument.items.every((i) => i.unscored)) return found('items', 'nothingScored', 'Score at least one question.');
  const bands = [...instrument.bands].sort((a, b) => a.min - b.min);
  if (bands.length === 0) return found('bands', 'noBands', 'Add at least one band.');
  const { min, max } = scoreRange(instrument);
  const step = instrument.scoring === 'sum' ? 1 : 0.1;
  if (bands.some((b) => b.max < b.min)) return found('bands', 'bandBackwards', 'A band ends before it starts.');
  if (Math.abs(bands[0]!.min - min) > 1e-9)
    return found('bands', 'firstBand', `The first band must start at the lowest score, ${min}.`, { score: min });
  if (Math.abs(bands[bands.length - 1]!.max - max) > 1e-9)
    return found('bands', 'lastBand', `The last band must end at the highest score, ${max}.`, { score: max });
  for (let i = 1; i < bands.length; i++) {
    const pair = { first: bands[i - 1]!.label, second: bands[i]!.label };
    const gap = round1(bands[i]!.min - bands[i - 1]!.max);
    if (gap < step - 1e-9)
      return found('bands', 'bandsOverlap', `Bands "${pair.first}" and "${pair.second}" overlap.`, pair);
    if (gap > step + 1e-9)
      return found('bands', 'bandGap', `Scores between "${pair.first}" and "${pair.second}" have no band.`, pair);
  }
  for (const s of instrument.subscales ?? [])
    if (s.itemIds.some((id) => !ids.includes(id)))
      return found('subscales', 'subscaleItem', `Subscale "${s.name}" names a question the form does not have.`, {
        name: s.name,
      });
  return null;
}
