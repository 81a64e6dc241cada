/**
 * Crisis-language screening (PRODUCT.md §5, issue 15): a transparent, editable list of words and
 * phrases with rules for negation, idioms and context — not a black box. False alarms are cheap,
 * misses are not. Pure and isomorphic: the server screens posts and chat with it, the settings
 * page shows a practice which rule matched a sample text.
 *
 * How a text is screened (docs/crisis-screening.md, decision 0041):
 * 1. It is cut into words and each word normalised the same way the phrases are: lower case,
 *    accents dropped, apostrophes dropped ("don't" → "dont"), leetspeak read ("k1ll" → "kill"),
 *    repeated letters collapsed ("diiiie" and "die" are one word), and common spellings and
 *    shorthand rewritten ("gonna" → "going to", "myslef" → "myself", "kiero" → "quiero").
 * 2. Every rule's phrase is looked up among the words. A phrase is words separated by spaces, with
 *    `word*` for any word starting so, `[a|b c|]` for one of several (an empty one makes it
 *    optional) and `..` for up to three other words in between.
 * 3. Idioms ("dying to see you", "me muero de risa") are phrases too: a match that lies wholly
 *    inside an idiom is not reported.
 * 4. Negation: a match with a negation word ("not", "never", "no", "nunca", …) in the three words
 *    before it, in the same clause, is reported as a lower-priority `flag`, never dropped: "I'm not
 *    going to hurt myself" reaches the facilitator, below the urgent ones.
 * 5. The level is the highest of the matches: `urgent` (hold the post, show crisis resources,
 *    alert the facilitators), `flag` (shown to the facilitators as lower priority), or `none`.
 */
import {
  HEARTH_CRISIS_IDIOMS,
  HEARTH_CRISIS_RULES,
  NEGATION_CUES,
  NOT_NEGATIONS,
  SPELLINGS,
} from './crisis-lexicon.js';

export type CrisisCategory = 'suicide' | 'self_harm' | 'plan_or_means' | 'harm_to_others' | 'hopelessness' | 'unsafe';
export const CRISIS_CATEGORIES: readonly CrisisCategory[] = [
  'suicide',
  'self_harm',
  'plan_or_means',
  'harm_to_others',
  'hopelessness',
  'unsafe',
];

export type CrisisLanguage = 'en' | 'es';
export const CRISIS_LANGUAGES: readonly CrisisLanguage[] = ['en', 'es'];

/** The level a rule raises when it matches without negation. */
export type CrisisRuleLevel = 'flag' | 'urgent';
export type ScreeningLevel = 'none' | 'flag' | 'urgent';

/** One word or phrase of the lexicon. */
export interface CrisisRule {
  /** Stable id: `en.suicide.want-to-die` for Hearth's, `practice.<uuid>` for a practice's own. */
  id: string;
  /** The phrase, in the syntax above. */
  phrase: string;
  category: CrisisCategory;
  language: CrisisLanguage;
  level: CrisisRuleLevel;
  /** Hearth's rules ship with the lexicon; a practice adds its own. */
  source: 'hearth' | 'practice';
  /** Texts this rule matches (every shipped rule has at least one; the tests check each). */
  examples?: readonly string[];
}

/** An idiom: text where crisis words mean something everyday ("killing it", "me muero de risa"). */
export interface CrisisIdiom {
  id: string;
  phrase: string;
  language: CrisisLanguage;
  examples: readonly string[];
}

/** A practice's own rule, as stored (migration 0026). */
export interface PracticeCrisisRule {
  id: string;
  phrase: string;
  category: CrisisCategory;
  language: CrisisLanguage;
  level: CrisisRuleLevel;
  enabled: boolean;
}

export interface MatchedSpan {
  /** Offsets in the original text, in UTF-16 code units (String.prototype.slice). */
  start: number;
  end: number;
  text: string;
}

export interface RuleMatch {
  ruleId: string;
  category: CrisisCategory;
  phrase: string;
  language: CrisisLanguage;
  source: 'hearth' | 'practice';
  /** The rule's own level. */
  ruleLevel: CrisisRuleLevel;
  /** The level this match raises: the rule's level, or `flag` when negated. */
  level: CrisisRuleLevel;
  /** The negation word that lowered it, when one did. */
  negatedBy?: string;
  span: MatchedSpan;
}

export interface ScreeningResult {
  level: ScreeningLevel;
  /** Every match, in the order they appear in the text. */
  matches: RuleMatch[];
}

/** A lexicon compiled for fast screening; build one with `compileLexicon` or `lexiconFor`. */
export interface CrisisLexicon {
  readonly rules: readonly CrisisRule[];
  readonly idioms: readonly CrisisIdiom[];
  /** @internal the compiled index. */
  readonly index: CompiledIndex;
}

/** Longest phrase a practice's rule may have (characters); Hearth's own lists may be longer. */
export const CRISIS_PHRASE_MAX = 300;
/** Words a `..` may skip. */
const GAP_WORDS = 3;
/** Words before a match searched for a negation. */
const NEGATION_WINDOW = 3;
/** Words of the match itself read to see a phrase that only looks like negation ("not care if"). */
const NOT_NEGATION_REACH = 3;
/** Most word sequences one phrase may expand to. */
const MAX_EXPANSIONS = 4096;
/** Most `..` one phrase may hold: each multiplies the ways a text is walked. */
const MAX_GAPS = 3;
/** Letters needed before a `*`. */
const PREFIX_MIN = 3;

// ---------------------------------------------------------------------------------------------
// Normalising words

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
  '*': 'i',
};
const LETTER = /\p{L}/u;

/**
 * Letters of other alphabets drawn like Latin ones (Cyrillic і, о, а, Greek ο, ι …), read as the
 * Latin letter: "kіll" written with a Cyrillic і must not slip past. Hearth screens English and
 * Spanish, where these letters have no other reading.
 */
const LOOKALIKES: Readonly<Record<string, string>> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ӏ: 'l',
  һ: 'h',
  ԛ: 'q',
  ԝ: 'w',
  ɡ: 'g',
  ı: 'i',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
};
const LOOKALIKE_RE = new RegExp(`[${Object.keys(LOOKALIKES).join('')}]`, 'gu');

function collapseRepeats(word: string): string {
  let out = '';
  for (const ch of word) if (out.at(-1) !== ch) out += ch;
  return out;
}

/** Lower case, without accents, apostrophes or repeated letters, leetspeak read. */
function plainWord(raw: string): string {
  let word = raw
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘`\u00ad\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(LOOKALIKE_RE, (ch) => LOOKALIKES[ch] ?? ch);
  if (LETTER.test(word) && /[0134579@$!*]/.test(word)) {
    word = [...word].map((ch) => LEET[ch] ?? ch).join('');
  }
  word = word.replace(/[@$!*]/g, '');
  return collapseRepeats(word);
}

const SPELLING_MAP: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(SPELLINGS).map(([from, to]) => [plainWord(from), to.split(' ').map(plainWord)]),
);

/** Words already normalised: a text's words repeat, and so do a group's. Bounded, then started afresh. */
const WORD_CACHE = new Map<string, readonly string[]>();
const WORD_CACHE_MAX = 50_000;

const PICTOGRAPH = /^\p{Extended_Pictographic}/u;

/**
 * The normalised words a written word stands for ("gonna" → ["going", "to"]). An emoji the
 * lexicon reads ("🔫" → "gun", "🪢" → "noose") is that word; any other emoji is no word at all.
 */
export function normaliseWord(raw: string): readonly string[] {
  const cached = WORD_CACHE.get(raw);
  if (cached) return cached;
  const plain = plainWord(raw);
  const words = !plain ? [] : (SPELLING_MAP.get(plain) ?? (PICTOGRAPH.test(plain) ? [] : [plain]));
  if (WORD_CACHE.size >= WORD_CACHE_MAX) WORD_CACHE.clear();
  WORD_CACHE.set(raw, words);
  return words;
}

interface Token {
  word: string;
  start: number;
  end: number;
  /** A clause ends before this word (., ; ! ? or a line break, or a comma). */
  clauseBreak: boolean;
}

/**
 * A word: letters, digits and the symbols of leetspeak, with `!` and `*` inside a word read as
 * letters ("k!ll", "su*cide") and invisible characters inside a word (zero-width spaces and
 * joiners, soft hyphens) ignored ("k\u200bill" is "kill"); or one emoji.
 */
const WORD_RE =
  /[\p{L}\p{N}@$'’\u00ad\u200b-\u200d\u2060\ufeff]+(?:[!*]+[\p{L}\p{N}@$'’\u00ad\u200b-\u200d\u2060\ufeff]+)*|\p{Extended_Pictographic}/gu;
const CLAUSE_BREAK_RE = /[.,;:!?¡¿\n()"“”—–]/;
/** What may stand between the letters of a word spelled out ("d i e", "k.m.s", "d-i-e"). */
const SPELLED_GAP_RE = /^[\s.\-_]{1,2}$/;
/** Fewest letters spelled out one by one that are read as one word. */
const SPELLED_MIN = 3;

/**
 * Words the shipped lexicon looks for, and its `word*` prefixes: letters spelled out one by one
 * ("k m s", "d-i-e") are read as one word when they spell one of these, and as letters otherwise
 * ("u r a star" stays as it is).
 */
let lexiconWords: { words: Set<string>; prefixes: string[] } | undefined;
function spellsLexiconWord(word: string): boolean {
  if (!lexiconWords) {
    const words = new Set<string>();
    const prefixes = new Set<string>();
    for (const rule of HEARTH_CRISIS_RULES)
      for (const seq of expandPhrase(rule.phrase))
        for (const step of seq)
          if (step.kind === 'word') words.add(step.word);
          else if (step.kind === 'prefix') prefixes.add(step.prefix);
    lexiconWords = { words, prefixes: [...prefixes] };
  }
  return lexiconWords.words.has(word) || lexiconWords.prefixes.some((p) => word.startsWith(p));
}

interface RawWord {
  raw: string;
  start: number;
  end: number;
}

/** Runs of single letters that spell a word of the lexicon, joined into that word. */
function joinSpelledOut(text: string, raws: RawWord[]): RawWord[] {
  const out: RawWord[] = [];
  for (let i = 0; i < raws.length;) {
    let j = i;
    while (
      j < raws.length &&
      [...raws[j]!.raw].length === 1 &&
      LETTER.test(raws[j]!.raw) &&
      (j === i || SPELLED_GAP_RE.test(text.slice(raws[j - 1]!.end, raws[j]!.start)))
    )
      j++;
    if (j - i >= SPELLED_MIN) {
      // The longest run from i that spells a word ("i d i e" → "i", "die").
      let joined: RawWord | undefined;
      for (let from = i; from <= j - SPELLED_MIN && !joined; from++) {
        const raw = raws
          .slice(from, j)
          .map((r) => r.raw)
          .join('');
        if (spellsLexiconWord(plainWord(raw))) {
          out.push(...raws.slice(i, from));
          joined = { raw, start: raws[from]!.start, end: raws[j - 1]!.end };
        }
      }
      if (joined) {
        out.push(joined);
        i = j;
        continue;
      }
    }
    out.push(raws[i]!);
    i++;
  }
  return out;
}

/** The normalised words of a text, each with where it came from. */
export function tokenize(text: string): Token[] {
  const raws: RawWord[] = [];
  for (const m of text.matchAll(WORD_RE)) raws.push({ raw: m[0], start: m.index, end: m.index + m[0].length });
  const tokens: Token[] = [];
  let lastEnd = 0;
  for (const { raw, start, end } of joinSpelledOut(text, raws)) {
    const clauseBreak = CLAUSE_BREAK_RE.test(text.slice(lastEnd, start));
    lastEnd = end;
    const words = normaliseWord(raw);
    words.forEach((word, i) => tokens.push({ word, start, end, clauseBreak: clauseBreak && i === 0 }));
  }
  return tokens;
}

/** The text as the matcher sees it: what the settings page shows under the test box. */
export function normaliseText(text: string): string {
  return tokenize(text)
    .map((t) => t.word)
    .join(' ');
}

// ---------------------------------------------------------------------------------------------
// Phrases

type Step = { kind: 'word'; word: string } | { kind: 'prefix'; prefix: string } | { kind: 'gap' };
type Sequence = Step[];

export type PhraseProblem =
  'empty' | 'too_long' | 'unbalanced' | 'short_prefix' | 'gap_at_edge' | 'too_many_gaps' | 'too_many_forms';

export class PhraseError extends Error {
  constructor(readonly problem: PhraseProblem) {
    super(`crisis phrase: ${problem}`);
  }
}

/** Pieces of a phrase: a plain chunk of words, or a choice between chunks. */
type Piece = { kind: 'text'; text: string } | { kind: 'choice'; options: string[] };

function pieces(phrase: string): Piece[] {
  const out: Piece[] = [];
  let rest = phrase;
  while (rest.length > 0) {
    const open = rest.indexOf('[');
    const close = rest.indexOf(']');
    if (open < 0) {
      if (close >= 0) throw new PhraseError('unbalanced');
      out.push({ kind: 'text', text: rest });
      break;
    }
    if (close < open) throw new PhraseError('unbalanced');
    out.push({ kind: 'text', text: rest.slice(0, open) });
    const inner = rest.slice(open + 1, close);
    if (inner.includes('[')) throw new PhraseError('unbalanced');
    out.push({ kind: 'choice', options: inner.split('|') });
    rest = rest.slice(close + 1);
  }
  return out;
}

function stepsOf(chunk: string): Sequence {
  const steps: Sequence = [];
  for (const part of chunk.trim().split(/\s+/)) {
    if (!part) continue;
    if (part === '..') {
      steps.push({ kind: 'gap' });
      continue;
    }
    if (part.endsWith('*')) {
      const prefix = plainWord(part.slice(0, -1));
      if ([...prefix].length < PREFIX_MIN) throw new PhraseError('short_prefix');
      steps.push({ kind: 'prefix', prefix });
      continue;
    }
    for (const word of normaliseWord(part.replace(/[^\p{L}\p{N}@$'’]/gu, ''))) steps.push({ kind: 'word', word });
  }
  return steps;
}

/** Every word sequence a phrase stands for. Throws PhraseError for a phrase that cannot be used. */
export function expandPhrase(phrase: string): Sequence[] {
  const trimmed = phrase.trim();
  if (!trimmed) throw new PhraseError('empty');
  let seqs: Sequence[] = [[]];
  for (const piece of pieces(trimmed)) {
    const options = piece.kind === 'text' ? [piece.text] : piece.options;
    const next: Sequence[] = [];
    for (const option of options) {
      const steps = stepsOf(option);
      for (const seq of seqs) next.push([...seq, ...steps]);
    }
    if (next.length > MAX_EXPANSIONS) throw new PhraseError('too_many_forms');
    seqs = next;
  }
  const seen = new Set<string>();
  const out: Sequence[] = [];
  for (const seq of seqs) {
    // Two gaps in a row are one gap.
    const clean = seq.filter((s, i) => !(s.kind === 'gap' && seq[i - 1]?.kind === 'gap'));
    if (clean.length === 0) continue;
    if (clean[0]!.kind === 'gap' || clean.at(-1)!.kind === 'gap') throw new PhraseError('gap_at_edge');
    if (clean.filter((step) => step.kind === 'gap').length > MAX_GAPS) throw new PhraseError('too_many_gaps');
    const key = JSON.stringify(clean);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(clean);
  }
  if (out.length === 0) throw new PhraseError('empty');
  return out;
}

/** What is wrong with a phrase, or null when it can be used. */
export function phraseProblem(phrase: string): PhraseProblem | null {
  if (phrase.trim().length > CRISIS_PHRASE_MAX) return 'too_long';
  try {
    expandPhrase(phrase);
    return null;
  } catch (error) {
    if (error instanceof PhraseError) return error.problem;
    throw error;
  }
}

/** The normalised form of a phrase, to find two phrases that say the same thing. */
export function phraseKey(phrase: string): string {
  return expandPhrase(phrase)
    .map((seq) => seq.map((s) => (s.kind === 'word' ? s.word : s.kind === 'prefix' ? `${s.prefix}*` : '..')).join(' '))
    .sort()
    .join('|');
}

// ---------------------------------------------------------------------------------------------
// Compiling and matching

/**
 * Every phrase's word sequences in one trie: phrases that start alike ("want to die", "want to
 * disappear", and the hundreds of forms one phrase's choices expand to) are walked once per word
 * of the text, so screening costs little more with 5,000 rules than with 100.
 */
interface Node<T> {
  /** The items whose sequence ends here. */
  items: T[];
  words: Map<string, Node<T>>;
  /** `word*` steps, keyed by the first three letters of the prefix. */
  prefixes: Map<string, Array<{ prefix: string; node: Node<T> }>>;
  /** A `..` step: up to three words, then the next node. */
  gap?: Node<T>;
}

type Table<T> = Node<T>;

export interface CompiledIndex {
  rules: Table<CrisisRule>;
  idioms: Table<CrisisIdiom>;
  negations: Table<string>;
  notNegations: Table<string>;
}

const node = <T>(): Node<T> => ({ items: [], words: new Map(), prefixes: new Map() });

function table<T>(items: readonly T[], phraseOf: (item: T) => string): Table<T> {
  const root = node<T>();
  for (const item of items) {
    for (const seq of expandPhrase(phraseOf(item))) {
      let at = root;
      for (const step of seq) {
        if (step.kind === 'gap') {
          at = at.gap ??= node<T>();
        } else if (step.kind === 'word') {
          let next = at.words.get(step.word);
          if (!next) at.words.set(step.word, (next = node<T>()));
          at = next;
        } else {
          const key = step.prefix.slice(0, PREFIX_MIN);
          let list = at.prefixes.get(key);
          if (!list) at.prefixes.set(key, (list = []));
          let entry = list.find((e) => e.prefix === step.prefix);
          if (!entry) list.push((entry = { prefix: step.prefix, node: node<T>() }));
          at = entry.node;
        }
      }
      if (!at.items.includes(item)) at.items.push(item);
    }
  }
  return root;
}

interface Found<T> {
  item: T;
  from: number;
  to: number;
}

/** Walks the trie from `at` over tokens[ti..], reporting each item at the shortest end found for it. */
function walk<T>(at: Node<T>, tokens: readonly Token[], from: number, ti: number, ends: Map<T, number>): void {
  for (const item of at.items) {
    const known = ends.get(item);
    if (known === undefined || ti < known) ends.set(item, ti);
  }
  if (at.gap) {
    for (let skip = 0; skip <= GAP_WORDS && ti + skip < tokens.length; skip++)
      walk(at.gap, tokens, from, ti + skip, ends);
  }
  const token = tokens[ti];
  if (!token) return;
  const next = at.words.get(token.word);
  if (next) walk(next, tokens, from, ti + 1, ends);
  if (at.prefixes.size > 0 && token.word.length >= PREFIX_MIN) {
    const list = at.prefixes.get(token.word.slice(0, PREFIX_MIN));
    if (list) for (const e of list) if (token.word.startsWith(e.prefix)) walk(e.node, tokens, from, ti + 1, ends);
  }
}

function findAll<T>(t: Table<T>, tokens: readonly Token[]): Found<T>[] {
  const found: Found<T>[] = [];
  const ends = new Map<T, number>();
  for (let i = 0; i < tokens.length; i++) {
    ends.clear();
    // The root's own items would be empty phrases, which cannot be written.
    const token = tokens[i]!;
    const next = t.words.get(token.word);
    if (next) walk(next, tokens, i, i + 1, ends);
    if (token.word.length >= PREFIX_MIN) {
      const list = t.prefixes.get(token.word.slice(0, PREFIX_MIN));
      if (list) for (const e of list) if (token.word.startsWith(e.prefix)) walk(e.node, tokens, i, i + 1, ends);
    }
    for (const [item, to] of ends) found.push({ item, from: i, to });
  }
  return found;
}

const CLAUSE_WORDS = new Set(['but', 'pero', 'though', 'although', 'aunque', 'sino']);

/** The negation word in the few words before token `from`, in the same clause. */
function negationBefore(index: CompiledIndex, tokens: readonly Token[], from: number): string | undefined {
  // A match that opens its clause has no negation before it ("I'm worthless, better off dead").
  if (from === 0 || tokens[from]!.clauseBreak) return undefined;
  const lo = Math.max(0, from - NEGATION_WINDOW);
  let windowStart = lo;
  for (let i = from - 1; i >= lo; i--) {
    if (CLAUSE_WORDS.has(tokens[i]!.word)) {
      windowStart = i + 1;
      break;
    }
    if (tokens[i]!.clauseBreak) {
      windowStart = i;
      break;
    }
  }
  if (windowStart >= from) return undefined;
  // "not only", "no one", "can't stop", "don't care if" are not negations; look a few words past
  // the window to see them whole.
  const window = tokens.slice(windowStart, from);
  const notNeg = findAll(index.notNegations, tokens.slice(windowStart, from + NOT_NEGATION_REACH));
  const covered = new Set<number>();
  for (const f of notNeg) for (let k = f.from; k < f.to; k++) covered.add(k);
  for (const cue of findAll(index.negations, window)) {
    if (cue.to > window.length) continue;
    let inside = false;
    for (let k = cue.from; k < cue.to; k++) if (covered.has(k)) inside = true;
    if (!inside)
      return window
        .slice(cue.from, cue.to)
        .map((t) => t.word)
        .join(' ');
  }
  return undefined;
}

/** Build a lexicon from rules and idioms (negation words are Hearth's). */
export function compileLexicon(
  rules: readonly CrisisRule[],
  idioms: readonly CrisisIdiom[] = HEARTH_CRISIS_IDIOMS,
): CrisisLexicon {
  const index: CompiledIndex = {
    rules: table(rules, (r) => r.phrase),
    idioms: table(idioms, (i) => i.phrase),
    negations: table(NEGATION_CUES, (p) => p),
    notNegations: table(NOT_NEGATIONS, (p) => p),
  };
  return { rules, idioms, index };
}

/** Hearth's shipped lexicon, English and Spanish. */
export const DEFAULT_CRISIS_LEXICON: CrisisLexicon = compileLexicon(HEARTH_CRISIS_RULES);

/**
 * Hearth's rules plus a practice's own enabled rules. A practice adds rules; it cannot switch off
 * or weaken Hearth's (misses are worse than false alarms), and it cannot add idioms. A practice
 * rule whose phrase cannot be used (it was validated when saved) is skipped, never fatal.
 */
export function lexiconFor(practiceRules: readonly PracticeCrisisRule[]): CrisisLexicon {
  const own: CrisisRule[] = [];
  for (const r of practiceRules) {
    if (!r.enabled || phraseProblem(r.phrase) !== null) continue;
    own.push({
      id: `practice.${r.id}`,
      phrase: r.phrase,
      category: r.category,
      language: r.language,
      level: r.level,
      source: 'practice',
    });
  }
  if (own.length === 0) return DEFAULT_CRISIS_LEXICON;
  return compileLexicon([...HEARTH_CRISIS_RULES, ...own]);
}

const rank = (level: CrisisRuleLevel) => (level === 'urgent' ? 2 : 1);

/** Screen one text (a post, a reply, a chat message). Pure; fast enough for every message. */
export function screenText(text: string, lexicon: CrisisLexicon = DEFAULT_CRISIS_LEXICON): ScreeningResult {
  const tokens = tokenize(text);
  if (tokens.length === 0) return { level: 'none', matches: [] };
  const idioms = findAll(lexicon.index.idioms, tokens);
  const seen = new Set<string>();
  const matches: RuleMatch[] = [];
  for (const f of findAll(lexicon.index.rules, tokens)) {
    const key = `${f.item.id}@${f.from}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (idioms.some((i) => i.from <= f.from && f.to <= i.to)) continue;
    const negatedBy = negationBefore(lexicon.index, tokens, f.from);
    const start = tokens[f.from]!.start;
    const end = tokens[f.to - 1]!.end;
    const rule = f.item;
    matches.push({
      ruleId: rule.id,
      category: rule.category,
      phrase: rule.phrase,
      language: rule.language,
      source: rule.source,
      ruleLevel: rule.level,
      level: negatedBy ? 'flag' : rule.level,
      ...(negatedBy ? { negatedBy } : {}),
      span: { start, end, text: text.slice(start, end) },
    });
  }
  matches.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  // One rule matching overlapping words twice ("don't see the point" and "see the point") is one
  // match: keep the one that raises more, else the first.
  const kept = matches.filter(
    (m, i) =>
      !matches.some(
        (o, j) =>
          j !== i &&
          o.ruleId === m.ruleId &&
          o.span.start < m.span.end &&
          m.span.start < o.span.end &&
          (rank(o.level) > rank(m.level) || (o.level === m.level && j < i)),
      ),
  );
  const level: ScreeningLevel = kept.some((m) => m.level === 'urgent') ? 'urgent' : kept.length > 0 ? 'flag' : 'none';
  return { level, matches: kept };
}
