/**
 * Measures as data (PRODUCT.md §3.5, §4): items, answers, scoring, bands, codes and the change
 * thresholds with their sources. Wording and numbers of the validated instruments are exactly as in
 * PRODUCT.md §4; Hearth's own scales say so and are not validated. A validated instrument is read
 * in another language only in its published translation, cited (decision 0036); Hearth's own scales
 * are translated like any of Hearth's words.
 */
import { DEFAULT_LOCALE, type Locale } from './locale.js';

export interface AnswerOption {
  value: number;
  label: string;
  /** LOINC answer code, where one exists. */
  loinc?: string;
}

export interface Item {
  id: string;
  text: string;
  loinc?: string;
  /** Answers for this item when they differ from the instrument's. */
  options?: AnswerOption[];
  /** Asked but not counted in the total (PHQ-9's difficulty question). */
  unscored?: boolean;
  /** An answer above 0 here routes to a person at once (PRODUCT.md §5). */
  safety?: boolean;
}

export interface Band {
  min: number;
  max: number;
  label: string;
  /**
   * The band as its publication states it ("0–4", "< 50", "≤ 28"), shown wherever the band is named.
   * `min`/`max` decide which band a score falls in; this is what a clinician reads, even where the
   * arithmetic makes two statements equal (a WHO-5 percentage is a multiple of 4, so "< 50" and
   * "29–49" hold the same scores, but only the first is what Topp et al. and PRODUCT.md §4 say).
   */
  stated?: string;
}

export interface Subscale {
  id: string;
  name: string;
  itemIds: string[];
  /** A subscale total at or above this is a positive screen. */
  positiveAt?: number;
  /** What a positive screen suggests, in a clinician's words. */
  suggests?: string;
  /** The full questionnaire a positive screen leads to (PRODUCT.md §4: PHQ-2 → PHQ-9, GAD-2 → GAD-7). */
  leadsTo?: string;
}

/**
 * An instrument in another language. For a validated instrument, only a published translation,
 * word for word, with `source` naming where it is published; for Hearth's own scales, Hearth's own
 * words (`source` says so). Texts are keyed by item id and answer value, never by position.
 */
export interface InstrumentTranslation {
  /** Where this wording comes from: the publisher and form, or that it is Hearth's own. */
  source: string;
  /** The member's plain title (Hearth's own words, also for validated instruments). */
  title: string;
  /** Its full name, where a member reads it (Hearth's own scales say they are not validated). */
  name?: string;
  stem: string;
  /** Item id → text. Every item of the instrument. */
  items: Record<string, string>;
  /** Answer value → words, for the instrument's answers. */
  answers: Record<number, string>;
  /** Item id → (answer value → words), for items with their own answers (PHQ-9's difficulty question). */
  itemAnswers?: Record<string, Record<number, string>>;
}

/** A threshold used to judge change or caseness, and where it comes from. */
export interface Sourced<T> {
  value: T;
  source: string;
}

export interface ChangeRules {
  /** Whether a higher score means more trouble (PHQ-9) or more wellbeing (WHO-5). */
  direction: 'higher-is-worse' | 'higher-is-better';
  /** Points of change that services treat as reliable (PRODUCT.md §4). Used first when present. */
  practicalChange?: Sourced<number>;
  /** Jacobson–Truax: the baseline standard deviation and the reliability of the measure. */
  jacobsonTruax?: Sourced<{ sd: number; reliability: number }>;
  /**
   * The clinical cut-off: a score at or above it is a "case" (higher-is-worse), or below it
   * (higher-is-better).
   */
  caseness?: Sourced<number>;
}

export interface Instrument {
  id: string;
  name: string;
  /** The code clinicians know it by ("PHQ-9"): for clinicians' screens and exports only. */
  shortName: string;
  /** What a member reads as its title: plain words, no codes (PRODUCT.md §7). */
  memberTitle: string;
  /** False for Hearth's own scales and custom ones: shown as "not a validated scale". */
  validated: boolean;
  /** Who may use it, or that it is Hearth's own. */
  licence: string;
  /** The question the items answer, e.g. "Over the last 2 weeks, how often…". */
  stem: string;
  options: AnswerOption[];
  items: Item[];
  scoring: 'sum' | 'mean';
  /** WHO-5 reports its raw total × 4 as a percentage. */
  multiplier?: number;
  /** Bands on the reported score. */
  bands: Band[];
  subscales?: Subscale[];
  /** LOINC's panel and total-score codes, with the total's name as LOINC writes it (its long common name). */
  loinc?: { panel: string; total: string; totalName?: string };
  change?: ChangeRules;
  /** What it is for: outcome measures are charted over time; session ones are about a session. */
  purpose: 'outcome' | 'session';
  /** The language its own words are written in; English when not said (Hearth's and older custom ones). */
  language?: string;
  /**
   * Its member title in languages it has no translation in: Hearth's own words, so the page reads in
   * the reader's language even while the questions stay in their original (decision 0036).
   */
  memberTitleIn?: Partial<Record<Locale, string>>;
  /** Its other languages (decision 0036). None for a practice's own: it stays in the language written. */
  translations?: Partial<Record<Locale, InstrumentTranslation>>;
}

const FREQUENCY: AnswerOption[] = [
  { value: 0, label: 'Not at all', loinc: 'LA6568-5' },
  { value: 1, label: 'Several days', loinc: 'LA6569-3' },
  { value: 2, label: 'More than half the days', loinc: 'LA6570-1' },
  { value: 3, label: 'Nearly every day', loinc: 'LA6571-9' },
];
const TWO_WEEKS = 'Over the last 2 weeks, how often have you been bothered by any of the following problems?';
const PFIZER = 'Pfizer: no permission required to reproduce, translate, display or distribute.';
const TALKING_THERAPIES = 'NHS Talking Therapies manual';

/*
 * The Spanish (USA) forms of the PHQ screeners, published by Pfizer with the English ones
 * (https://www.phqscreeners.com/, "Spanish for USA"); copied word for word, accents, "(a)" endings
 * and dashes included (decision 0036). The PHQ-9's is PRODUCT.md §4.
 */
const PHQ_SPANISH_USA = 'https://www.phqscreeners.com/ (Spanish for USA)';
const ES_TWO_WEEKS =
  'Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los siguientes problemas?';
const ES_FREQUENCY: Record<number, string> = {
  0: 'Ningún día',
  1: 'Varios días',
  2: 'Más de la mitad de los días',
  3: 'Casi todos los días',
};
const ES_PHQ9_ITEMS = {
  '1': 'Poco interés o placer en hacer cosas',
  '2': 'Se ha sentido decaído(a), deprimido(a) o sin esperanzas',
  '3': 'Ha tenido dificultad para quedarse o permanecer dormido(a), o ha dormido demasiado',
  '4': 'Se ha sentido cansado(a) o con poca energía',
  '5': 'Sin apetito o ha comido en exceso',
  '6': 'Se ha sentido mal con usted mismo(a) – o que es un fracaso o que ha quedado mal con usted mismo(a) o con su familia',
  '7': 'Ha tenido dificultad para concentrarse en ciertas actividades, tales como leer el periódico o ver la televisión',
  '8': '¿Se ha movido o hablado tan lento que otras personas podrían haberlo notado? o lo contrario – muy inquieto(a) o agitado(a) que ha estado moviéndose mucho más de lo normal',
  '9': 'Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera',
} as const;
const ES_GAD7_ITEMS = {
  '1': 'Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta',
  '2': 'No ha sido capaz de parar o controlar su preocupación',
  '3': 'Se ha preocupado demasiado por motivos diferentes',
  '4': 'Ha tenido dificultad para relajarse',
  '5': 'Se ha sentido tan inquieto(a) que no ha podido quedarse quieto(a)',
  '6': 'Se ha molestado o irritado fácilmente',
  '7': 'Ha tenido miedo de que algo terrible fuera a pasar',
} as const;

export const PHQ9: Instrument = {
  id: 'phq-9',
  name: 'Patient Health Questionnaire (PHQ-9)',
  shortName: 'PHQ-9',
  memberTitle: 'How your mood has been',
  validated: true,
  licence: PFIZER,
  stem: TWO_WEEKS,
  options: FREQUENCY,
  items: [
    { id: '1', text: 'Little interest or pleasure in doing things', loinc: '44250-9' },
    { id: '2', text: 'Feeling down, depressed, or hopeless', loinc: '44255-8' },
    { id: '3', text: 'Trouble falling or staying asleep, or sleeping too much', loinc: '44259-0' },
    { id: '4', text: 'Feeling tired or having little energy', loinc: '44254-1' },
    { id: '5', text: 'Poor appetite or overeating', loinc: '44251-7' },
    {
      id: '6',
      text: 'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
      loinc: '44258-2',
    },
    {
      id: '7',
      text: 'Trouble concentrating on things, such as reading the newspaper or watching television',
      loinc: '44252-5',
    },
    {
      id: '8',
      text: 'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
      loinc: '44253-3',
    },
    {
      id: '9',
      text: 'Thoughts that you would be better off dead, or of hurting yourself in some way',
      loinc: '44260-8',
      safety: true,
    },
    {
      id: 'difficulty',
      text: 'If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?',
      loinc: '69722-7',
      unscored: true,
      options: [
        // LOINC's answer list for 69722-7, whose codes are not in the order of the words.
        { value: 0, label: 'Not difficult at all', loinc: 'LA6572-7' },
        { value: 1, label: 'Somewhat difficult', loinc: 'LA6573-5' },
        { value: 2, label: 'Very difficult', loinc: 'LA6575-0' },
        { value: 3, label: 'Extremely difficult', loinc: 'LA6574-3' },
      ],
    },
  ],
  scoring: 'sum',
  bands: [
    { min: 0, max: 4, label: 'Minimal', stated: '0–4' },
    { min: 5, max: 9, label: 'Mild', stated: '5–9' },
    { min: 10, max: 14, label: 'Moderate', stated: '10–14' },
    { min: 15, max: 19, label: 'Moderately severe', stated: '15–19' },
    { min: 20, max: 27, label: 'Severe', stated: '20–27' },
  ],
  loinc: {
    panel: '44249-1',
    total: '44261-6',
    totalName: 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]',
  },
  change: {
    direction: 'higher-is-worse',
    practicalChange: { value: 6, source: TALKING_THERAPIES },
    caseness: { value: 10, source: TALKING_THERAPIES },
  },
  purpose: 'outcome',
  translations: {
    es: {
      source: `PHQ-9, Spanish for USA, Pfizer Inc., ${PHQ_SPANISH_USA}; PRODUCT.md §4. "No se requiere permiso para reproducir, traducir, presentar o distribuir."`,
      // The title is Hearth's own words (tú, decision 0034); the questions are the published form's.
      title: 'Cómo ha estado tu ánimo',
      stem: ES_TWO_WEEKS,
      items: {
        ...ES_PHQ9_ITEMS,
        difficulty:
          'Si marcó cualquiera de los problemas, ¿qué tanta dificultad le han dado estos problemas para hacer su trabajo, encargarse de las tareas del hogar, o llevarse bien con otras personas?',
      },
      answers: ES_FREQUENCY,
      itemAnswers: {
        difficulty: { 0: 'No ha sido difícil', 1: 'Un poco difícil', 2: 'Muy difícil', 3: 'Extremadamente difícil' },
      },
    },
  },
};

export const GAD7: Instrument = {
  id: 'gad-7',
  name: 'Generalized Anxiety Disorder scale (GAD-7)',
  shortName: 'GAD-7',
  memberTitle: 'How worry and nerves have been',
  validated: true,
  licence: PFIZER,
  stem: TWO_WEEKS,
  options: FREQUENCY,
  items: [
    { id: '1', text: 'Feeling nervous, anxious, or on edge', loinc: '69725-0' },
    { id: '2', text: 'Not being able to stop or control worrying', loinc: '68509-9' },
    { id: '3', text: 'Worrying too much about different things', loinc: '69733-4' },
    { id: '4', text: 'Trouble relaxing', loinc: '69734-2' },
    { id: '5', text: 'Being so restless that it is hard to sit still', loinc: '69735-9' },
    { id: '6', text: 'Becoming easily annoyed or irritable', loinc: '69689-8' },
    { id: '7', text: 'Feeling afraid, as if something awful might happen', loinc: '69736-7' },
  ],
  scoring: 'sum',
  bands: [
    { min: 0, max: 4, label: 'Minimal', stated: '0–4' },
    { min: 5, max: 9, label: 'Mild', stated: '5–9' },
    { min: 10, max: 14, label: 'Moderate', stated: '10–14' },
    { min: 15, max: 21, label: 'Severe', stated: '15–21' },
  ],
  loinc: {
    panel: '69737-5',
    total: '70274-6',
    totalName: 'Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]',
  },
  change: {
    direction: 'higher-is-worse',
    practicalChange: { value: 4, source: TALKING_THERAPIES },
    caseness: { value: 8, source: TALKING_THERAPIES },
  },
  purpose: 'outcome',
  translations: {
    es: {
      source: `GAD-7, Spanish for USA, Pfizer Inc., ${PHQ_SPANISH_USA}. "No se requiere permiso para reproducir, traducir, presentar o distribuir."`,
      title: 'Cómo han estado tus preocupaciones y nervios',
      stem: ES_TWO_WEEKS,
      items: ES_GAD7_ITEMS,
      answers: ES_FREQUENCY,
    },
  },
};

export const PHQ4: Instrument = {
  id: 'phq-4',
  name: 'Patient Health Questionnaire for Depression and Anxiety (PHQ-4)',
  shortName: 'PHQ-4',
  memberTitle: 'Mood and worry, in four questions',
  validated: true,
  licence: PFIZER,
  // The PHQ-4's own form (Kroenke et al. 2009): its own stem, the two anxiety items first, and its
  // own punctuation. Item ids are codes, never positions: answers are stored by id, so forms sent
  // before this order was corrected keep their meaning (decision 0021).
  stem: 'Over the last 2 weeks, how often have you been bothered by the following problems?',
  options: FREQUENCY,
  items: [
    { id: 'gad-1', text: 'Feeling nervous, anxious or on edge', loinc: GAD7.items[0]!.loinc! },
    { id: 'gad-2', text: 'Not being able to stop or control worrying', loinc: GAD7.items[1]!.loinc! },
    { id: 'phq-1', text: 'Little interest or pleasure in doing things', loinc: PHQ9.items[0]!.loinc! },
    { id: 'phq-2', text: 'Feeling down, depressed or hopeless', loinc: PHQ9.items[1]!.loinc! },
  ],
  scoring: 'sum',
  bands: [
    { min: 0, max: 2, label: 'Normal', stated: '0–2' },
    { min: 3, max: 5, label: 'Mild', stated: '3–5' },
    { min: 6, max: 8, label: 'Moderate', stated: '6–8' },
    { min: 9, max: 12, label: 'Severe', stated: '9–12' },
  ],
  subscales: [
    {
      id: 'gad-2',
      name: 'GAD-2 (anxiety)',
      itemIds: ['gad-1', 'gad-2'],
      positiveAt: 3,
      suggests: 'Offer the full GAD-7.',
      leadsTo: 'gad-7',
    },
    {
      id: 'phq-2',
      name: 'PHQ-2 (depression)',
      itemIds: ['phq-1', 'phq-2'],
      positiveAt: 3,
      suggests: 'Offer the full PHQ-9.',
      leadsTo: 'phq-9',
    },
  ],
  purpose: 'outcome',
  translations: {
    es: {
      // The PHQ-4 is the PHQ-9's items 1–2 and the GAD-7's items 1–2 (Kroenke et al. 2009): in Spanish,
      // those items as the Spanish (USA) forms publish them, with their stem and answers.
      source: `PHQ-4: items 1–2 of the GAD-7 and of the PHQ-9, Spanish for USA, Pfizer Inc., ${PHQ_SPANISH_USA}.`,
      title: 'Ánimo y preocupación, en cuatro preguntas',
      stem: ES_TWO_WEEKS,
      items: {
        'gad-1': ES_GAD7_ITEMS['1'],
        'gad-2': ES_GAD7_ITEMS['2'],
        'phq-1': ES_PHQ9_ITEMS['1'],
        'phq-2': ES_PHQ9_ITEMS['2'],
      },
      answers: ES_FREQUENCY,
    },
  },
};

const WHO5_OPTIONS: AnswerOption[] = [
  { value: 5, label: 'All of the time' },
  { value: 4, label: 'Most of the time' },
  { value: 3, label: 'More than half of the time' },
  { value: 2, label: 'Less than half of the time' },
  { value: 1, label: 'Some of the time' },
  { value: 0, label: 'At no time' },
];

export const WHO5: Instrument = {
  id: 'who-5',
  name: 'WHO-5 Wellbeing Index',
  shortName: 'WHO-5',
  memberTitle: 'How you have been feeling',
  validated: true,
  licence: 'WHO Collaborating Centre in Mental Health, Frederiksborg: free to use.',
  stem: 'Over the last two weeks',
  options: WHO5_OPTIONS,
  items: [
    { id: '1', text: 'I have felt cheerful and in good spirits' },
    { id: '2', text: 'I have felt calm and relaxed' },
    { id: '3', text: 'I have felt active and vigorous' },
    { id: '4', text: 'I woke up feeling fresh and rested' },
    { id: '5', text: 'My daily life has been filled with things that interest me' },
  ],
  scoring: 'sum',
  multiplier: 4,
  bands: [
    // PRODUCT.md §4 states two nested cut-offs, not ranges: the bands say them as stated.
    { min: 0, max: 28, label: 'Likely depression', stated: '≤ 28' },
    { min: 29, max: 49, label: 'Poor wellbeing', stated: '< 50' },
    { min: 50, max: 100, label: 'Good wellbeing', stated: '≥ 50' },
  ],
  memberTitleIn: { es: 'Cómo te has sentido' },
  // No Spanish: the WHO-5's official Spanish version (psykiatri-regionh.dk/who-5) could not be read
  // word for word, and the copies in circulation disagree; a Spanish reader is told so and shown this
  // original (decision 0036).
  change: {
    direction: 'higher-is-better',
    practicalChange: { value: 10, source: 'Topp et al. 2015, The WHO-5 Well-Being Index: a systematic review' },
    caseness: { value: 50, source: 'PRODUCT.md §4: below 50 is poor wellbeing' },
  },
  purpose: 'outcome',
};

const ZERO_TO_TEN: AnswerOption[] = Array.from({ length: 11 }, (_, v) => ({
  value: v,
  label: v === 0 ? '0 – not at all' : v === 10 ? '10 – completely' : String(v),
}));
const HEARTH_OWN = 'Hearth’s own wording, free to use. Not a validated scale.';
/** Hearth's own scales in Spanish: Hearth's words (tú, decision 0034), not a published translation. */
const HEARTH_OWN_ES = 'Hearth’s own wording in Spanish (decision 0034); not a validated scale.';
const ES_ZERO_TO_TEN: Record<number, string> = Object.fromEntries(
  ZERO_TO_TEN.map((o) => [o.value, o.value === 0 ? '0 – nada' : o.value === 10 ? '10 – totalmente' : String(o.value)]),
);

export const SESSION_CHECKOUT: Instrument = {
  id: 'hearth-checkout',
  name: 'Session check-out (Hearth’s own, not validated)',
  shortName: 'Check-out',
  memberTitle: 'How today’s session went',
  validated: false,
  licence: HEARTH_OWN,
  stem: 'Thinking about today’s session:',
  options: ZERO_TO_TEN,
  items: [
    { id: 'heard', text: 'I felt heard' },
    { id: 'safe', text: 'I felt safe in the group' },
    { id: 'mattered', text: 'What we worked on mattered to me' },
    { id: 'fit', text: 'The way we worked fit me' },
  ],
  scoring: 'mean',
  bands: [
    { min: 0, max: 5.9, label: 'Worth talking about', stated: '< 6' },
    { min: 6, max: 10, label: 'Going well', stated: '≥ 6' },
  ],
  change: { direction: 'higher-is-better' },
  purpose: 'session',
  translations: {
    es: {
      source: HEARTH_OWN_ES,
      title: 'Cómo te fue en la sesión de hoy',
      name: 'Cierre de la sesión (de Hearth, no es una escala validada)',
      stem: 'Pensando en la sesión de hoy:',
      items: {
        heard: 'Sentí que me escucharon',
        safe: 'Me sentí a salvo en el grupo',
        mattered: 'Lo que trabajamos me importaba',
        fit: 'La forma de trabajar fue buena para mí',
      },
      answers: ES_ZERO_TO_TEN,
    },
  },
};

export const GROUP_CLIMATE: Instrument = {
  id: 'hearth-climate',
  name: 'Group climate check-in (Hearth’s own, not validated)',
  shortName: 'Climate',
  memberTitle: 'How the group feels to you',
  validated: false,
  licence: HEARTH_OWN,
  stem: 'Thinking about the group lately:',
  options: ZERO_TO_TEN,
  items: [
    { id: 'belong', text: 'I feel I belong in this group' },
    { id: 'honest', text: 'People here can be honest with each other' },
    { id: 'tension', text: 'Disagreements here get talked through' },
  ],
  scoring: 'mean',
  bands: [
    { min: 0, max: 5.9, label: 'Worth talking about', stated: '< 6' },
    { min: 6, max: 10, label: 'Going well', stated: '≥ 6' },
  ],
  change: { direction: 'higher-is-better' },
  purpose: 'session',
  translations: {
    es: {
      source: HEARTH_OWN_ES,
      title: 'Cómo sientes el grupo',
      name: 'Clima del grupo (de Hearth, no es una escala validada)',
      stem: 'Pensando en el grupo en estos días:',
      items: {
        belong: 'Siento que este grupo es mi lugar',
        honest: 'Aquí podemos hablarnos con honestidad',
        tension: 'Aquí los desacuerdos se hablan',
      },
      answers: ES_ZERO_TO_TEN,
    },
  },
};

/** Every instrument Hearth ships, by id. Custom ones live in the practice's database. */
export const BUILT_IN_INSTRUMENTS: readonly Instrument[] = [PHQ9, GAD7, PHQ4, WHO5, SESSION_CHECKOUT, GROUP_CLIMATE];

/** A band as its source states it; a practice's own bands are their range. */
export function statedBand(band: Band): string {
  return band.stated ?? `${band.min}–${band.max}`;
}

/** An instrument's bands, each with its statement filled in. */
export function statedBands(instrument: Instrument): Array<Band & { stated: string }> {
  return instrument.bands.map((b) => ({ ...b, stated: statedBand(b) }));
}

/** "Poor wellbeing (< 50)": a band named with its statement, for clinicians and exports. */
export function bandWithStatement(instrument: Instrument, label: string | null): string | null {
  const band = label === null ? undefined : instrument.bands.find((b) => b.label === label);
  return band ? `${band.label} (${statedBand(band)})` : label;
}

/** The answers an item accepts. */
export function optionsOf(instrument: Instrument, item: Item): AnswerOption[] {
  return item.options ?? instrument.options;
}

/** The highest and lowest reported score an instrument can give. */
export function scoreRange(instrument: Instrument): { min: number; max: number } {
  const scored = instrument.items.filter((i) => !i.unscored);
  const lows = scored.map((i) => Math.min(...optionsOf(instrument, i).map((o) => o.value)));
  const highs = scored.map((i) => Math.max(...optionsOf(instrument, i).map((o) => o.value)));
  const combine = (values: number[]) =>
    instrument.scoring === 'sum'
      ? values.reduce((a, b) => a + b, 0)
      : values.reduce((a, b) => a + b, 0) / values.length;
  const m = instrument.multiplier ?? 1;
  return { min: combine(lows) * m, max: combine(highs) * m };
}

/** An instrument's words as one reader reads them: the texts, and the language they are in. */
export interface ReadableInstrument {
  /** The language of these words (BCP-47): what a form answered from them records. */
  language: string;
  /** False when the reader asked for a language the instrument has no published translation in. */
  inRequestedLanguage: boolean;
  /** Where a translation's words come from; absent for the original. */
  source?: string;
  title: string;
  name: string;
  stem: string;
  items: Array<{ id: string; text: string; safety: boolean; options: Array<{ value: number; label: string }> }>;
}

/** The language an instrument's own words are written in. */
export function originalLanguage(instrument: Pick<Instrument, 'language'>): string {
  return instrument.language ?? DEFAULT_LOCALE;
}

/** The languages an instrument can be read in: its own, then its translations. */
export function languagesOf(instrument: Pick<Instrument, 'language' | 'translations'>): string[] {
  return [originalLanguage(instrument), ...Object.keys(instrument.translations ?? {})];
}

/**
 * The instrument in the reader's language when it has one, else in its original (the caller says so
 * to the reader). Codes, values and order never change with the language: only the words do, so a
 * form scores the same in every language.
 */
export function readIn(instrument: Instrument, locale: string): ReadableInstrument {
  const translation = originalLanguage(instrument) === locale ? undefined : instrument.translations?.[locale as Locale];
  const original = originalLanguage(instrument);
  const items = instrument.items.map((item) => ({
    id: item.id,
    text: translation?.items[item.id] ?? item.text,
    safety: Boolean(item.safety),
    options: optionsOf(instrument, item).map((o) => ({
      value: o.value,
      label: (item.options ? translation?.itemAnswers?.[item.id]?.[o.value] : translation?.answers[o.value]) ?? o.label,
    })),
  }));
  if (!translation) {
    return {
      language: original,
      inRequestedLanguage: original === locale,
      title: instrument.memberTitleIn?.[locale as Locale] ?? instrument.memberTitle,
      name: instrument.name,
      stem: instrument.stem,
      items,
    };
  }
  return {
    language: locale,
    inRequestedLanguage: true,
    source: translation.source,
    title: translation.title,
    name: translation.name ?? instrument.name,
    stem: translation.stem,
    items,
  };
}
