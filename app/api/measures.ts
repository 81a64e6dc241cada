import type { ReadableInstrument } from '../../domain/instruments.js';

export interface FormSummary {
  id: string;
  groupId: string;
  groupName: string;
  instrumentId: string;
  /** A plain title for the member, never an instrument's code. */
  title: string;
  questions: number;
  dueAt: string;
  closesAt: string;
  status: 'due' | 'in-progress' | 'completed';
  submittedAt: string | null;
  open: boolean;
}

export interface FormDetail {
  form: FormSummary;
  instrument: {
    id: string;
    name: string;
    validated: boolean;
    stem: string;
    items: Array<{ id: string; text: string; safety: boolean; options: Array<{ value: number; label: string }> }>;
    /** The language of its own words. */
    language: string;
    /** Its words in every language it can be read in: its original and its published translations. */
    versions: Record<string, ReadableInstrument>;
    /** Its member title in each of Hearth's languages (Hearth's own words). */
    titles: Record<string, string>;
  };
  /** The language it has been answered in so far. */
  language: string;
  answers: Record<string, number>;
  result: FormResult | null;
}

export interface FormResult {
  complete: boolean;
  missing: string[];
  total: number | null;
  band: string | null;
  safetyFlag: boolean;
  /** Plain titles of check-ins these answers led to (the full questionnaire after a screen). */
  next: string[];
}

export interface Progress {
  measures: Array<{
    groupId: string;
    instrumentId: string;
    title: string;
    range: { min: number; max: number };
    lowerIsBetter: boolean;
    points: Array<{ at: string; total: number }>;
    words: string;
  }>;
}

export interface Change {
  baseline: number;
  latest: number;
  difference: number;
  rci: number | null;
  classification: 'reliable-improvement' | 'no-reliable-change' | 'reliable-deterioration' | null;
  rule: string | null;
  recovered: boolean | null;
  reliablyRecovered: boolean | null;
}

export interface Outcomes {
  group: { id: string; name: string };
  view: 'members' | 'aggregate';
  main: {
    id: string;
    shortName: string;
    name: string;
    validated: boolean;
    range: { min: number; max: number };
    /** `stated`: the band as its publication states it ("< 50"). */
    bands: Array<{ min: number; max: number; label: string; stated: string }>;
    direction: string;
    rules: string[];
  } | null;
  members: Array<{
    memberId: string;
    name: string;
    displayName: string | null;
    status: string;
    main: {
      points: Array<{ at: string; total: number; band: string | null }>;
      latest: { total: number; band: string | null } | null;
      change: Change | null;
    } | null;
    others: Array<{
      instrumentId: string;
      shortName: string;
      latest: { total: number; band: string | null } | null;
      change: Change | null;
    }>;
    /** The latest screen's parts (a PHQ-4's GAD-2 and PHQ-2). */
    screen: {
      instrumentId: string;
      shortName: string;
      at: string;
      parts: Array<{ id: string; name: string; total: number | null; positive: boolean; suggests?: string }>;
    } | null;
    attendance: { recorded: number; attended: number; rate: number | null };
    openAlerts: number;
    urgentAlerts: number;
  }>;
  counts: { improved: number; same: number; worse: number; notYet: number };
  climate: Array<{ at: string; mean: number; responses: number }>;
  checkout: Array<{ at: string; mean: number; responses: number }>;
}

export interface Plan {
  measures: Array<{
    instrumentId: string;
    shortName: string;
    cadence: 'every-session' | 'every-weeks' | 'admission' | 'completion' | 'positive-screen';
    everyWeeks: number | null;
    main: boolean;
  }>;
}

export interface InstrumentSummary {
  id: string;
  name: string;
  shortName: string;
  validated: boolean;
  licence: string;
  purpose: 'outcome' | 'session';
  questions: number;
}

export const measureKeys = {
  mine: ['my', 'measures'] as const,
  form: (id: string) => ['my', 'measures', id] as const,
  progress: ['my', 'progress'] as const,
  outcomes: (groupId: string) => ['groups', groupId, 'outcomes'] as const,
  plan: (groupId: string) => ['groups', groupId, 'measures'] as const,
  instruments: ['instruments'] as const,
  alerts: ['alerts'] as const,
};
