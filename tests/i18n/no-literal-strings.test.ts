import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { literalsIn } from '../../scripts/literal-scan.js';

/**
 * Words a person reads come from the catalogs, never from a component (scripts/literal-scan.ts
 * says what counts).
 */
/** Files still being moved to the catalogs (issue 12); the list only ever shrinks. */
const NOT_YET_MOVED = new Set<string>([]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx$/.test(name) && !/\.test\.tsx$/.test(name) ? [path] : [];
  });
}

describe('words in the web app', () => {
  const files = sourceFiles('app');

  it('come from the catalogs, not from components', () => {
    const found = files
      .filter((path) => !NOT_YET_MOVED.has(path))
      .flatMap((path) => literalsIn(path, readFileSync(path, 'utf8')));
    expect(found).toEqual([]);
  });

  it('still waiting to move are only files that exist and still hold words', () => {
    for (const path of NOT_YET_MOVED) {
      expect(files, `${path} no longer exists`).toContain(path);
      expect(
        literalsIn(path, readFileSync(path, 'utf8')).length,
        `${path} holds no words: drop it from the list`,
      ).toBeGreaterThan(0);
    }
  });

  it('the scan catches text, shown strings and read attributes', () => {
    const sample = `const A = () => <p title="Close it" aria-label={x ? 'Open' : 'Shut now'}>Hello there {'Some words'} {n} 42<b>Hearth</b></p>;`;
    expect(literalsIn('sample.tsx', sample).map((l) => l.replace(/^sample\.tsx:\d+: /, ''))).toEqual([
      'Close it',
      'Open',
      'Shut now',
      'Hello there',
      'Some words',
    ]);
  });
});
