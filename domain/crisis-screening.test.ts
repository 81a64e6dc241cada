import { describe, expect, it } from 'vitest';
import { HEARTH_CRISIS_IDIOMS, HEARTH_CRISIS_RULES } from './crisis-lexicon.js';
import {
  DEFAULT_CRISIS_LEXICON,
  expandPhrase,
  lexiconFor,
  normaliseText,
  phraseKey,
  phraseProblem,
  screenText,
  type PracticeCrisisRule,
} from './crisis-screening.js';

const level = (text: string) => screenText(text).level;

/** Explicit statements, plans, means, harm to others and the coded words: each must be urgent. */
const URGENT = [
  // English: wanting to die.
  'I want to die',
  'i wanna die',
  'I just want to die.',
  'I want to kill myself',
  "I'm going to kill myself tonight",
  'I am thinking about suicide',
  "I've been feeling suicidal",
  'I want to end my life',
  'I want to end it all',
  "I hope I don't wake up tomorrow",
  'I wish I could go to sleep and not wake up',
  'I want to disappear forever',
  'Everyone would be better off without me',
  'my family would be better off if I was gone',
  'Nobody would miss me',
  'no one would even notice if I was gone',
  "I'm tired of living",
  "I don't want to live anymore",
  "I don't want to be alive",
  'I wish I was dead',
  'I wish I had never been born',
  'Life is not worth living',
  'I have nothing to live for',
  'There is no reason to live',
  "I can't go on",
  'I am such a burden',
  'this is goodbye',
  'I wrote a suicide note',
  "I won't be around much longer",
  'I keep thinking about dying',
  // Coded words and misspellings.
  'kms',
  'honestly might kms',
  'I want to unalive myself',
  'sewerslide',
  'sewer slide',
  'i want to k1ll my5elf',
  'I want to kil myslef',
  'I wanna diiiiie',
  'I WANT TO DIE!!!',
  'i.want.to.die',
  'sucide',
  'im so sucidal',
  'gonna end it all tonight',
  // Self-harm.
  "I'm going to hurt myself",
  'I cut myself last night',
  'I started cutting again',
  'I have been self-harming',
  'I want to burn myself',
  // A plan or the means.
  'I have pills saved up',
  'I have been saving up my pills',
  'I bought a rope',
  "I've got my dad's gun",
  'I want to jump off a bridge',
  'I have a plan',
  'I know how I would do it',
  'I took too many pills',
  'I am going to overdose',
  // Harm to others.
  "I'm going to hurt him",
  'I want to kill them all',
  'I will shoot everyone at work',
  'I have urges to hurt someone',
  'kys',
  // Not safe.
  'my husband hits me',
  'he threatened to kill me',
  "I'm not safe at home",
  // Spanish.
  'quiero morirme',
  'Quiero morir',
  'me quiero morir',
  'ya me kiero morir',
  'voy a matarme',
  'me quiero matar',
  'pienso en suicidarme',
  'no quiero vivir',
  'ya no quiero vivir',
  'no quiero seguir viviendo',
  'quiero hacerme daño',
  'quiero hacerme dano',
  'me corté otra vez',
  'quiero desaparecer para siempre',
  'estoy cansada de vivir',
  'todos estarían mejor sin mí',
  'nadie me extrañaría',
  'quiero acabar con todo',
  'tengo pastillas guardadas',
  'compré una soga',
  'lo voy a matar',
  'mi esposo me pega',
  'ojalá no despertar nunca',
  'la vida no vale la pena',
  'QUIERO MORIRMEEEE',
];

/** Everyday idioms and ordinary talk: nothing to screen. */
const NONE = [
  'I am dying to see you',
  'You are killing it!',
  'I could kill for a coffee',
  'This cake is to die for',
  'I was killing myself laughing',
  'I wanted to die of embarrassment',
  'just killing time before group',
  'I am dead tired after work',
  'I was bored to death',
  'cross my heart and hope to die',
  'I think I hurt her feelings',
  "I'll shoot him a text later",
  'she hit me up yesterday',
  'I killed them at trivia last night',
  'I have to take my pills in the morning',
  'I feel a lot better this week',
  'The group helped me a lot today',
  'We watched Suicide Squad',
  'me muero de risa',
  'me muero de ganas de verte',
  'estoy muerta de cansancio',
  'me mato trabajando',
  'solo para matar el tiempo',
  'mañana me corto el pelo',
  'voy a tirarme en la cama',
  'Gracias a todos por escuchar',
  '',
  '   ',
  '!!!',
];

/** Negated statements: never dropped, shown as a lower-priority flag. */
const FLAG_NEGATED = [
  "I'm not going to hurt myself",
  "I don't want to die",
  'I would never kill myself',
  'I am not suicidal',
  'no quiero morirme',
  'nunca me haría daño, no voy a lastimarme',
];

describe('crisis screening', () => {
  it.each(URGENT)('is urgent: %s', (text) => {
    const result = screenText(text);
    expect(result.level, JSON.stringify(result.matches)).toBe('urgent');
  });

  it.each(NONE)('lets pass: %s', (text) => {
    const result = screenText(text);
    expect(result.matches, text).toEqual([]);
    expect(result.level).toBe('none');
  });

  it.each(FLAG_NEGATED)('flags a negated statement at lower priority: %s', (text) => {
    const result = screenText(text);
    expect(result.level).toBe('flag');
    expect(result.matches.length).toBeGreaterThan(0);
    expect(result.matches.every((m) => m.negatedBy)).toBe(true);
  });

  it('keeps a negation in another clause from lowering a match', () => {
    expect(level('No, I want to die')).toBe('urgent');
    expect(level("I'm not okay but I want to die")).toBe('urgent');
    expect(level('not gonna lie, I want to die')).toBe('urgent');
    expect(level("I can't stop thinking about killing myself")).toBe('urgent');
    expect(level("I'm not sure I want to live, I want to die")).toBe('urgent');
  });

  it('does not lower a phrase whose negation is its own meaning', () => {
    const result = screenText("I don't want to live anymore");
    expect(result.level).toBe('urgent');
    expect(result.matches[0]?.negatedBy).toBeUndefined();
  });

  it('names the rule, its category and language, and the span in the original text', () => {
    const text = 'Honestly... I wanna DIIIE tonight';
    const result = screenText(text);
    const match = result.matches.find((m) => m.ruleId === 'en.suicide.want-to-die');
    expect(match).toMatchObject({
      category: 'suicide',
      language: 'en',
      source: 'hearth',
      level: 'urgent',
      span: { start: 14, end: 25, text: 'wanna DIIIE' },
    });
    expect(text.slice(match!.span.start, match!.span.end)).toBe('wanna DIIIE');
    const spanish = screenText('Hoy quiero morirme.').matches[0]!;
    expect(spanish).toMatchObject({ language: 'es', category: 'suicide', span: { text: 'quiero morirme' } });
  });

  it('reads letters spelled out one by one as the word they spell, and only then', () => {
    expect(normaliseText('I want to d i e')).toBe('i want to die');
    expect(normaliseText('k.m.s')).toBe('kms');
    expect(normaliseText('d-i-e')).toBe('die');
    expect(level('i want to d-i-e')).toBe('urgent');
    expect(level('k m s')).toBe('urgent');
    // Letters that spell nothing in the lexicon stay letters.
    expect(normaliseText('u r a star')).toBe('you are a star');
    expect(normaliseText('A B C')).toBe('a b c');
  });

  it('ignores invisible characters inside a word', () => {
    expect(normaliseText('k\u200bill my\u00adself')).toBe('kil myself');
    expect(level('k\u200bill my\u00adself')).toBe('urgent');
    expect(level('I want to d\u200bie')).toBe('urgent');
    expect(normaliseText('family 👨\u200d👩\u200d👧 day')).toBe('family day');
  });

  it('reads letters of other alphabets drawn like Latin ones as the Latin letter', () => {
    // Cyrillic і, о, а, е, с and Greek ο, ι in place of their Latin twins.
    expect(normaliseText('k\u0456ll my\u0455elf')).toBe('kil myself');
    expect(level('I want to k\u0456ll myself')).toBe('urgent');
    expect(level('su\u0456c\u0456de')).not.toBe('none');
    expect(level('I w\u0430nt to d\u0456\u0435')).toBe('urgent');
    expect(level('\u03bfverd\u03bfse tonight')).not.toBe('none');
    // Fullwidth and mathematical letters fold too.
    expect(level('\uff4b\uff49\uff4c\uff4c myself')).toBe('urgent');
    expect(level('\u{1d424}\u{1d422}\u{1d425}\u{1d425} myself')).toBe('urgent');
  });

  it('reads the emoji of means and death as words, and no other emoji', () => {
    expect(normaliseText('i want to 💀')).toBe('i want to die');
    expect(normaliseText('🔪 myself')).toBe('knife myself');
    expect(level('💀🔫')).toBe('urgent');
    expect(level('🪢')).toBe('urgent');
    expect(level('i want to 💀')).toBe('urgent');
    expect(normaliseText('so proud of you 🎉😊')).toBe('so proud of you');
    expect(level('you are killing it 😂💀')).toBe('none');
  });

  it('lets no negation reach across the start of the clause a match opens', () => {
    const result = screenText('no valgo nada, mejor muerta');
    expect(result.level).toBe('urgent');
    expect(result.matches.find((m) => m.ruleId === 'es.suicide.mejor-muerto')?.negatedBy).toBeUndefined();
    expect(level("I'm not okay, better off dead")).toBe('urgent');
  });

  it('normalises case, accents, apostrophes, repeated letters, leetspeak and shorthand', () => {
    expect(normaliseText("I'M GONNA K1LL MYSLEF!!!")).toBe('i am going to kil myself');
    expect(normaliseText('Hacerme DAÑO')).toBe('hacerme dano');
    expect(normaliseText('no kiero vivir')).toBe('no quiero vivir');
    expect(normaliseText('I have 30 pills')).toBe('i have 30 pils');
  });
});

describe('the shipped lexicon', () => {
  it('has rules in English and Spanish, in every category', () => {
    expect(new Set(HEARTH_CRISIS_RULES.map((r) => r.language))).toEqual(new Set(['en', 'es']));
    expect(new Set(HEARTH_CRISIS_RULES.map((r) => r.category)).size).toBe(6);
    expect(new Set(HEARTH_CRISIS_RULES.map((r) => r.id)).size).toBe(HEARTH_CRISIS_RULES.length);
  });

  it.each(HEARTH_CRISIS_RULES.map((r) => [r.id, r] as const))('rule %s matches each of its examples', (_id, rule) => {
    expect(rule.examples?.length ?? 0).toBeGreaterThan(0);
    for (const example of rule.examples ?? []) {
      const match = screenText(example).matches.find((m) => m.ruleId === rule.id);
      expect(match, `${rule.id} should match "${example}"`).toBeDefined();
      expect(match!.level, example).toBe(rule.level);
    }
  });

  it.each(HEARTH_CRISIS_IDIOMS.map((i) => [i.id, i] as const))('idiom %s covers each of its examples', (_id, idiom) => {
    expect(idiom.examples.length).toBeGreaterThan(0);
    for (const example of idiom.examples) expect(screenText(example).level, example).toBe('none');
  });
});

describe('phrases and a practice’s own rules', () => {
  const own = (phrase: string, extra: Partial<PracticeCrisisRule> = {}): PracticeCrisisRule => ({
    id: 'r1',
    phrase,
    category: 'self_harm',
    language: 'en',
    level: 'urgent',
    enabled: true,
    ...extra,
  });

  it('adds a practice rule to Hearth’s and reports it as the practice’s', () => {
    const lexicon = lexiconFor([own('going to the [bridge|tracks]')]);
    const result = screenText('I am going to the tracks tonight', lexicon);
    expect(result.level).toBe('urgent');
    expect(result.matches[0]).toMatchObject({ ruleId: 'practice.r1', source: 'practice', category: 'self_harm' });
    expect(screenText('I want to die', lexicon).level).toBe('urgent');
  });

  it('skips a disabled rule, and a practice never weakens Hearth’s', () => {
    const lexicon = lexiconFor([own('blue whale', { enabled: false })]);
    expect(screenText('the blue whale game', lexicon).level).toBe('none');
    expect(lexiconFor([])).toBe(DEFAULT_CRISIS_LEXICON);
    const flagOnly = lexiconFor([own('want to die', { level: 'flag' })]);
    expect(screenText('I want to die', flagOnly).level).toBe('urgent');
  });

  it('reads a phrase’s wildcards, choices, optional words and gaps', () => {
    const lexicon = lexiconFor([own('[really|] hate* .. body'), own('blue whal*', { id: 'r2', level: 'flag' })]);
    expect(screenText('I hate my body', lexicon).level).toBe('urgent');
    expect(screenText('I really hated my whole stupid body', lexicon).level).toBe('urgent');
    expect(screenText('I hate that my friend has a nice body', lexicon).level).toBe('none');
    expect(screenText('the blue whales challenge', lexicon).level).toBe('flag');
  });

  it('says what is wrong with a phrase that cannot be used', () => {
    expect(phraseProblem('')).toBe('empty');
    expect(phraseProblem('   ')).toBe('empty');
    expect(phraseProblem('!!!')).toBe('empty');
    expect(phraseProblem('x'.repeat(10_000))).toBe('too_long');
    expect(phraseProblem('[want|need to die')).toBe('unbalanced');
    expect(phraseProblem('ki* myself')).toBe('short_prefix');
    expect(phraseProblem('.. die')).toBe('gap_at_edge');
    expect(phraseProblem('a .. b .. c .. d .. e')).toBe('too_many_gaps');
    expect(phraseProblem('[a|b|c|d] '.repeat(8))).toBe('too_many_forms');
    expect(phraseProblem('want to die')).toBeNull();
  });

  it('gives phrases that say the same thing the same key', () => {
    expect(phraseKey('I want to DIE')).toBe(phraseKey('i wanna die'));
    expect(phraseKey('[a|b] c')).toBe(phraseKey('[b|a] c'));
    expect(phraseKey('want to die')).not.toBe(phraseKey('want to live'));
    expect(expandPhrase('[a|b] c').length).toBe(2);
  });
});
