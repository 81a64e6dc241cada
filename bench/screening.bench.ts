// `npm run bench:screening`: crisis-language screening (docs/crisis-screening.md) of group-space
// posts against a lexicon of 1,000 and of 5,000 rules (Hearth's shipped rules plus generated
// practice rules), in posts screened per second and the 99th-percentile time per post. The
// baseline in the same run is the plain approach: lower-case the post and `String.includes` every
// word form of every rule (the same phrases, expanded), with none of the normalising, negation or
// idiom rules.
import os from 'node:os';
import { HEARTH_CRISIS_RULES } from '../domain/crisis-lexicon.js';
import {
  compileLexicon,
  expandPhrase,
  screenText,
  type CrisisCategory,
  type CrisisRule,
} from '../domain/crisis-screening.js';

const POSTS = Number(process.env.BENCH_POSTS ?? 2000);
const SIZES = [1000, 5000];

/** A small deterministic generator, so every run screens the same posts. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WORDS = (
  'i you we they the a to and of in it my me so just feel felt today week group talk time work home ' +
  'friend family mom dad sister brother sleep eat walk run think know want need like love hate hard ' +
  'easy better worse tired happy sad angry calm scared again still never always really maybe about ' +
  'when after before night morning school job boss money car phone music book movie coffee tea ' +
  'weekend session therapist meds doctor plan hope help thanks thank sorry okay fine good bad'
).split(' ');
const CATEGORIES: CrisisCategory[] = ['suicide', 'self_harm', 'plan_or_means', 'harm_to_others', 'hopelessness'];
const RARE = 'zarn quill brisk vorn tessel mallow pike ember fjord gloam hollow cinder brackish wren thistle'.split(
  ' ',
);

/** Hearth's rules and generated ones up to `size`: two to four words, some with `*` or a choice. */
function lexiconOf(size: number, next: () => number): CrisisRule[] {
  const rules: CrisisRule[] = [...HEARTH_CRISIS_RULES];
  const pick = (list: string[]) => list[Math.floor(next() * list.length)]!;
  while (rules.length < size) {
    const n = 2 + Math.floor(next() * 3);
    const words = Array.from({ length: n }, (_, i) => (i === 0 ? pick(RARE) : pick(WORDS)));
    if (next() < 0.2) words[n - 1] = `${pick(RARE)}*`;
    if (next() < 0.2) words[1] = `[${pick(WORDS)}|${pick(WORDS)}]`;
    rules.push({
      id: `bench.${rules.length}`,
      phrase: words.join(' '),
      category: pick(CATEGORIES) as CrisisCategory,
      language: 'en',
      level: 'urgent',
      source: 'practice',
    });
  }
  return rules;
}

/** Posts of 20 to 80 words; one in twenty carries a crisis phrase, one in ten an idiom. */
function postsOf(count: number, next: () => number): string[] {
  const crisis = ['I want to die', 'i have pills saved up', 'nobody would miss me', 'quiero morirme', 'kms'];
  const idioms = ['I could kill for a coffee', 'me muero de risa', 'dying to see you'];
  const posts: string[] = [];
  for (let p = 0; p < count; p++) {
    const n = 20 + Math.floor(next() * 60);
    const words = Array.from({ length: n }, () => WORDS[Math.floor(next() * WORDS.length)]!);
    const roll = next();
    if (roll < 0.05) words.splice(Math.floor(next() * n), 0, crisis[p % crisis.length]!);
    else if (roll < 0.15) words.splice(Math.floor(next() * n), 0, idioms[p % idioms.length]!);
    posts.push(words.join(' ') + '.');
  }
  return posts;
}

/** The rules' word forms as plain strings, for the baseline: `word*` as its stem, `..` as a space. */
function plainForms(rules: readonly CrisisRule[]): string[] {
  const forms = new Set<string>();
  for (const rule of rules)
    for (const seq of expandPhrase(rule.phrase))
      forms.add(
        seq
          .filter((s) => s.kind !== 'gap')
          .map((s) => (s.kind === 'word' ? s.word : s.prefix))
          .join(' '),
      );
  return [...forms];
}

function measure(posts: string[], screen: (post: string) => number) {
  for (const post of posts.slice(0, 200)) screen(post); // warm-up
  const times: number[] = [];
  let hits = 0;
  const start = performance.now();
  for (const post of posts) {
    const t0 = performance.now();
    hits += screen(post);
    times.push(performance.now() - t0);
  }
  const total = performance.now() - start;
  times.sort((a, b) => a - b);
  const p99 = times[Math.min(times.length - 1, Math.floor(0.99 * times.length))]!;
  return { perSecond: Math.round((posts.length / total) * 1000), p99, hits };
}

const rows: string[] = [];
for (const size of SIZES) {
  const next = random(size);
  const rules = lexiconOf(size, next);
  const posts = postsOf(POSTS, next);
  const compileStart = performance.now();
  const lexicon = compileLexicon(rules);
  const compileMs = performance.now() - compileStart;
  const forms = plainForms(rules);
  const baseline = measure(posts, (post) => {
    const lower = post.toLowerCase();
    let found = 0;
    for (const form of forms) if (lower.includes(form)) found++;
    return found > 0 ? 1 : 0;
  });
  const hearth = measure(posts, (post) => (screenText(post, lexicon).level === 'none' ? 0 : 1));
  rows.push(
    `| ${size} rules (${forms.length} word forms) | String.includes scan (baseline) | ${baseline.perSecond} | ${baseline.p99.toFixed(3)} | 1.00 | ${baseline.hits} |`,
    `| ${size} rules (compiled in ${compileMs.toFixed(0)} ms) | screenText (trie over normalised words) | ${hearth.perSecond} | ${hearth.p99.toFixed(3)} | ${(hearth.perSecond / baseline.perSecond).toFixed(2)} | ${hearth.hits} |`,
  );
}

console.log(
  `${POSTS} posts of 20–80 words; ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
);
console.log('');
console.log('| lexicon | screening | posts/s | p99 ms per post | posts/s vs baseline | posts matched |');
console.log('| --- | --- | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
