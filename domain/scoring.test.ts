import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_INSTRUMENTS,
  GAD7,
  GROUP_CLIMATE,
  PHQ4,
  PHQ9,
  SESSION_CHECKOUT,
  WHO5,
  bandWithStatement,
  optionsOf,
  scoreRange,
  statedBand,
  statedBands,
  type Instrument,
} from './instruments.js';
import { answersProblem, changeBetween, instrumentProblem, reliableChangeIndex, scoreAnswers } from './scoring.js';

const all = (instrument: Instrument, value: number, extra: Record<string, number> = {}) => ({
  ...Object.fromEntries(instrument.items.filter((i) => !i.unscored).map((i) => [i.id, value])),
  ...extra,
});

describe('PHQ-9, GAD-7, PHQ-4 and WHO-5 exactly as published', () => {
  it('has the published items, codes and answers', () => {
    expect(PHQ9.items.filter((i) => !i.unscored)).toHaveLength(9);
    expect(PHQ9.items.map((i) => i.loinc)).toEqual([
      '44250-9',
      '44255-8',
      '44259-0',
      '44254-1',
      '44251-7',
      '44258-2',
      '44252-5',
      '44253-3',
      '44260-8',
      '69722-7',
    ]);
    expect(PHQ9.loinc).toEqual({
      panel: '44249-1',
      total: '44261-6',
      totalName: 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]',
    });
    expect(PHQ9.options.map((o) => [o.value, o.label, o.loinc])).toEqual([
      [0, 'Not at all', 'LA6568-5'],
      [1, 'Several days', 'LA6569-3'],
      [2, 'More than half the days', 'LA6570-1'],
      [3, 'Nearly every day', 'LA6571-9'],
    ]);
    expect(GAD7.items.map((i) => i.loinc)).toEqual([
      '69725-0',
      '68509-9',
      '69733-4',
      '69734-2',
      '69735-9',
      '69689-8',
      '69736-7',
    ]);
    expect(GAD7.loinc).toEqual({
      panel: '69737-5',
      total: '70274-6',
      totalName: 'Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]',
    });
    expect(WHO5.options.map((o) => o.value)).toEqual([5, 4, 3, 2, 1, 0]);
    expect(PHQ9.items[8]!.text).toBe('Thoughts that you would be better off dead, or of hurting yourself in some way');
    expect(scoreRange(PHQ9)).toEqual({ min: 0, max: 27 });
    expect(scoreRange(GAD7)).toEqual({ min: 0, max: 21 });
    expect(scoreRange(PHQ4)).toEqual({ min: 0, max: 12 });
    expect(scoreRange(WHO5)).toEqual({ min: 0, max: 100 });
  });

  it.each([
    [
      PHQ9,
      [
        [4, 'Minimal'],
        [5, 'Mild'],
        [9, 'Mild'],
        [10, 'Moderate'],
        [14, 'Moderate'],
        [15, 'Moderately severe'],
        [19, 'Moderately severe'],
        [20, 'Severe'],
        [27, 'Severe'],
      ],
    ],
    [
      GAD7,
      [
        [0, 'Minimal'],
        [4, 'Minimal'],
        [5, 'Mild'],
        [10, 'Moderate'],
        [14, 'Moderate'],
        [15, 'Severe'],
        [21, 'Severe'],
      ],
    ],
    [
      PHQ4,
      [
        [2, 'Normal'],
        [3, 'Mild'],
        [5, 'Mild'],
        [6, 'Moderate'],
        [8, 'Moderate'],
        [9, 'Severe'],
        [12, 'Severe'],
      ],
    ],
  ] as const)('bands %s at every published boundary', (instrument, cases) => {
    for (const [total, band] of cases) {
      // Spread the total over the items: as many 3s as fit, then the rest.
      const answers: Record<string, number> = {};
      let left = total;
      for (const item of instrument.items.filter((i) => !i.unscored)) {
        answers[item.id] = Math.min(3, left);
        left -= answers[item.id]!;
      }
      expect(scoreAnswers(instrument, answers)).toMatchObject({ total, band, complete: true });
    }
  });

  it('reports WHO-5 as a percentage: raw × 4', () => {
    expect(scoreAnswers(WHO5, { 1: 3, 2: 3, 3: 2, 4: 2, 5: 3 })).toMatchObject({ total: 52, band: 'Good wellbeing' });
    expect(scoreAnswers(WHO5, all(WHO5, 1))).toMatchObject({ total: 20, band: 'Likely depression' });
    expect(scoreAnswers(WHO5, { 1: 2, 2: 2, 3: 2, 4: 2, 5: 3 })).toMatchObject({ total: 44, band: 'Poor wellbeing' });
  });

  it('screens PHQ-4 subscales positive at 3 and says what to offer', () => {
    const score = scoreAnswers(PHQ4, { 'phq-1': 2, 'phq-2': 1, 'gad-1': 1, 'gad-2': 1 });
    expect(score.total).toBe(5);
    expect(score.subscales).toEqual([
      {
        id: 'gad-2',
        name: 'GAD-2 (anxiety)',
        total: 2,
        positive: false,
        suggests: 'Offer the full GAD-7.',
        leadsTo: 'gad-7',
      },
      {
        id: 'phq-2',
        name: 'PHQ-2 (depression)',
        total: 3,
        positive: true,
        suggests: 'Offer the full PHQ-9.',
        leadsTo: 'phq-9',
      },
    ]);
  });

  it('asks the PHQ-4 in its published order, anxiety first, with its own wording, by item code', () => {
    expect(PHQ4.stem).toBe('Over the last 2 weeks, how often have you been bothered by the following problems?');
    expect(PHQ4.items.map((i) => [i.id, i.text, i.loinc])).toEqual([
      ['gad-1', 'Feeling nervous, anxious or on edge', '69725-0'],
      ['gad-2', 'Not being able to stop or control worrying', '68509-9'],
      ['phq-1', 'Little interest or pleasure in doing things', '44250-9'],
      ['phq-2', 'Feeling down, depressed or hopeless', '44255-8'],
    ]);
    // Answers are kept by item code: a set stored before the order changed means what it meant.
    const stored = JSON.parse('{"phq-1":3,"phq-2":2,"gad-1":0,"gad-2":1}') as Record<string, number>;
    expect(scoreAnswers(PHQ4, stored).subscales.map((s) => [s.id, s.total])).toEqual([
      ['gad-2', 1],
      ['phq-2', 5],
    ]);
  });

  it('states bands as their publications do, even where the arithmetic would allow another statement', () => {
    expect(WHO5.bands.map((b) => [b.label, statedBand(b)])).toEqual([
      ['Likely depression', '≤ 28'],
      ['Poor wellbeing', '< 50'],
      ['Good wellbeing', '≥ 50'],
    ]);
    expect(PHQ9.bands.map(statedBand)).toEqual(['0–4', '5–9', '10–14', '15–19', '20–27']);
    expect(GAD7.bands.map(statedBand)).toEqual(['0–4', '5–9', '10–14', '15–21']);
    expect(PHQ4.bands.map(statedBand)).toEqual(['0–2', '3–5', '6–8', '9–12']);
    expect(bandWithStatement(WHO5, 'Poor wellbeing')).toBe('Poor wellbeing (< 50)');
    expect(bandWithStatement(WHO5, null)).toBeNull();
    // Every built-in band says how its source states it; a practice's own says its range.
    for (const instrument of BUILT_IN_INSTRUMENTS) for (const b of instrument.bands) expect(b.stated).toBeDefined();
    expect(statedBand({ min: 0, max: 3, label: 'Low' })).toBe('0–3');
    expect(statedBands(WHO5)[1]).toEqual({ min: 29, max: 49, label: 'Poor wellbeing', stated: '< 50' });
  });

  it('gives members plain titles and clinicians the codes', () => {
    for (const instrument of BUILT_IN_INSTRUMENTS) {
      expect(instrument.memberTitle).not.toMatch(/PHQ|GAD|WHO|\d/);
      expect(instrument.memberTitle.length).toBeGreaterThan(0);
    }
    expect(PHQ9.shortName).toBe('PHQ-9');
  });

  it('gives an incomplete form no total, names what is missing, and still raises the safety flag', () => {
    const score = scoreAnswers(PHQ9, { 1: 1, 2: 2, 9: 1 });
    expect(score).toMatchObject({ complete: false, total: null, band: null, safetyFlag: true });
    expect(score.missing).toEqual(['3', '4', '5', '6', '7', '8']);
    // The difficulty question is asked but not scored: a form without it is complete.
    expect(scoreAnswers(PHQ9, all(PHQ9, 0)).complete).toBe(true);
    expect(scoreAnswers(PHQ9, all(PHQ9, 0)).safetyFlag).toBe(false);
  });

  it('refuses answers the form does not offer', () => {
    expect(answersProblem(PHQ9, { 1: 4 })).toMatchObject({ itemId: '1' });
    expect(answersProblem(PHQ9, { 10: 1 })).toMatchObject({ itemId: '10' });
    expect(answersProblem(WHO5, { 1: 5 })).toBeNull();
    expect(answersProblem(SESSION_CHECKOUT, { heard: 10, safe: 0 })).toBeNull();
  });

  it('means Hearth’s own scales, rounded to one decimal, and labels them as not validated', () => {
    expect(scoreAnswers(SESSION_CHECKOUT, { heard: 8, safe: 9, mattered: 7, fit: 7 })).toMatchObject({
      total: 7.8,
      band: 'Going well',
    });
    expect(scoreAnswers(GROUP_CLIMATE, { belong: 3, honest: 5, tension: 4 }).band).toBe('Worth talking about');
    expect(SESSION_CHECKOUT.validated).toBe(false);
    expect(SESSION_CHECKOUT.name).toContain('not validated');
  });

  it('ships only sound instruments', () => {
    for (const instrument of BUILT_IN_INSTRUMENTS) expect(instrumentProblem(instrument), instrument.id).toBeNull();
  });
});

describe('change', () => {
  it('computes the Jacobson–Truax index', () => {
    // SE = 5·√0.2 = 2.236; S_diff = √2·SE = 3.162; RC = −10 / 3.162.
    expect(reliableChangeIndex(20, 10, 5, 0.8)).toBeCloseTo(-3.162, 3);
    expect(reliableChangeIndex(20, 18, 5, 0.8)).toBeCloseTo(-0.632, 3);
  });

  it('classifies PHQ-9 change by the practical threshold of 6, with recovery at a caseness of 10', () => {
    expect(changeBetween(PHQ9, 18, 11)).toMatchObject({
      difference: -7,
      classification: 'reliable-improvement',
      recovered: false,
      reliablyRecovered: false,
    });
    expect(changeBetween(PHQ9, 18, 8)).toMatchObject({ recovered: true, reliablyRecovered: true });
    expect(changeBetween(PHQ9, 12, 9)).toMatchObject({
      classification: 'no-reliable-change',
      recovered: true,
      reliablyRecovered: false,
    });
    expect(changeBetween(PHQ9, 8, 14)).toMatchObject({ classification: 'reliable-deterioration', recovered: false });
    expect(changeBetween(PHQ9, 8, 14).rule).toContain('NHS Talking Therapies');
  });

  it('classifies GAD-7 by 4 points and WHO-5 in its own direction', () => {
    expect(changeBetween(GAD7, 5, 9).classification).toBe('reliable-deterioration');
    expect(changeBetween(GAD7, 12, 9).classification).toBe('no-reliable-change');
    expect(changeBetween(GAD7, 12, 7)).toMatchObject({
      classification: 'reliable-improvement',
      reliablyRecovered: true,
    });
    expect(changeBetween(WHO5, 40, 56)).toMatchObject({ classification: 'reliable-improvement', recovered: true });
    expect(changeBetween(WHO5, 60, 44)).toMatchObject({ classification: 'reliable-deterioration', recovered: false });
  });

  it('uses the Jacobson–Truax index when an instrument has only its parameters', () => {
    const custom: Instrument = {
      ...GAD7,
      id: 'custom',
      change: { direction: 'higher-is-worse', jacobsonTruax: { value: { sd: 5, reliability: 0.8 }, source: 'test' } },
    };
    expect(changeBetween(custom, 20, 10)).toMatchObject({ rci: -3.16, classification: 'reliable-improvement' });
    expect(changeBetween(custom, 20, 18)).toMatchObject({ rci: -0.63, classification: 'no-reliable-change' });
    expect(changeBetween({ ...GAD7, change: undefined }, 20, 10).classification).toBeNull();
  });
});

describe('custom instruments', () => {
  const base: Instrument = {
    id: 'custom',
    name: 'Sleep this week',
    shortName: 'Sleep',
    memberTitle: 'Sleep this week',
    validated: false,
    licence: 'Our practice',
    stem: 'This week:',
    options: [
      { value: 0, label: 'Never' },
      { value: 1, label: 'Sometimes' },
      { value: 2, label: 'Often' },
    ],
    items: [
      { id: 'a', text: 'I slept well' },
      { id: 'b', text: 'I woke rested' },
    ],
    scoring: 'sum',
    bands: [
      { min: 0, max: 1, label: 'Low' },
      { min: 2, max: 4, label: 'High' },
    ],
    purpose: 'outcome',
  };

  it('accepts a sound one and refuses no items, overlaps, gaps and bands that miss the range', () => {
    expect(instrumentProblem(base)).toBeNull();
    expect(instrumentProblem({ ...base, items: [] })?.message).toMatch(/at least one question/);
    const withBands = (bands: Instrument['bands']) => instrumentProblem({ ...base, bands })?.message;
    expect(
      withBands([
        { min: 0, max: 2, label: 'Low' },
        { min: 2, max: 4, label: 'High' },
      ]),
    ).toMatch(/overlap/);
    expect(
      withBands([
        { min: 0, max: 1, label: 'Low' },
        { min: 3, max: 4, label: 'High' },
      ]),
    ).toMatch(/no band/);
    expect(withBands([{ min: 1, max: 4, label: 'All' }])).toMatch(/lowest score, 0/);
    expect(withBands([{ min: 0, max: 3, label: 'All' }])).toMatch(/highest score, 4/);
    expect(
      instrumentProblem({
        ...base,
        items: [
          { id: 'a', text: 'x' },
          { id: 'a', text: 'y' },
        ],
      })?.message,
    ).toMatch(/own id/);
  });
});

describe('scoring for every answer combination (property)', () => {
  it('keeps totals and bands consistent for PHQ-9, GAD-7, PHQ-4 and WHO-5', () => {
    for (const instrument of [PHQ9, GAD7, PHQ4, WHO5]) {
      const scored = instrument.items.filter((i) => !i.unscored);
      const answer = fc.record(
        Object.fromEntries(scored.map((i) => [i.id, fc.constantFrom(...optionsOf(instrument, i).map((o) => o.value))])),
      );
      fc.assert(
        fc.property(answer, fc.nat({ max: scored.length - 1 }), (answers, bump) => {
          const score = scoreAnswers(instrument, answers);
          const raw = Object.values(answers).reduce((a, b) => a + b, 0);
          expect(score.total).toBe(raw * (instrument.multiplier ?? 1));
          const range = scoreRange(instrument);
          expect(score.total).toBeGreaterThanOrEqual(range.min);
          expect(score.total).toBeLessThanOrEqual(range.max);
          // Exactly one band holds every possible total.
          expect(instrument.bands.filter((b) => score.total! >= b.min && score.total! <= b.max)).toHaveLength(1);
          // More trouble on any one item never lowers the total.
          const item = scored[bump]!;
          const higher = Math.max(...optionsOf(instrument, item).map((o) => o.value));
          expect(scoreAnswers(instrument, { ...answers, [item.id]: higher }).total!).toBeGreaterThanOrEqual(
            score.total!,
          );
          // Dropping any one answer leaves no total and names that item.
          const partial = Object.fromEntries(Object.entries(answers).filter(([id]) => id !== item.id));
          const incomplete = scoreAnswers(instrument, partial);
          expect(incomplete.total).toBeNull();
          expect(incomplete.missing).toEqual([item.id]);
        }),
        { numRuns: 500 },
      );
    }
  });

  it('checks all 16,384 GAD-7 answer sets', () => {
    let count = 0;
    for (let n = 0; n < 4 ** 7; n++) {
      const answers = Object.fromEntries(GAD7.items.map((item, i) => [item.id, Math.floor(n / 4 ** i) % 4]));
      const score = scoreAnswers(GAD7, answers);
      if (score.band === null || score.total === null) throw new Error(`no band for ${JSON.stringify(answers)}`);
      count += 1;
    }
    expect(count).toBe(16_384);
  });
});
