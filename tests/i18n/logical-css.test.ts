import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Right-to-left ready (issue 12): layout is written in logical properties (margin-inline-start,
 * inset-inline-end, text-align: start…), so a right-to-left catalog turns the page with `dir` alone.
 * A physical left or right in the web app's styles, its inline styles, or a page the server writes
 * (the my-data summary) fails here. Top and bottom are the same in every script and stay.
 */
const IN_CSS = [
  /\b(?:margin|padding|border)-(?:left|right)\b/,
  /\bborder-(?:top|bottom)-(?:left|right)-radius\b/,
  /\b(?:text-align|float|clear)\s*:\s*(?:left|right)\b/,
  /(?:^|[{;\s])(?:left|right)\s*:/,
];
const IN_CODE = [
  // CSS written in a string (a page the server writes), and React's style objects.
  /\b(?:margin|padding|border)-(?:left|right)\b/,
  /\b(?:text-align|float|clear)\s*:\s*(?:left|right)\b/,
  /\b(?:margin|padding|border)(?:Left|Right)\b/,
  /\bborder(?:Top|Bottom)(?:Left|Right)Radius\b/,
  /\b(?:textAlign|float|clear)\s*:\s*['"](?:left|right)['"]/,
];

/** The lines of a file that use a physical left or right, as `path:line: text`. */
export function physicalProperties(path: string, text: string): string[] {
  const patterns = path.endsWith('.css') ? IN_CSS : IN_CODE;
  return text
    .split('\n')
    .map((line, i) => [line, i] as const)
    .filter(([line]) => patterns.some((p) => p.test(line.replace(/\/\*.*?\*\/|\/\/.*$/g, ''))))
    .map(([line, i]) => `${path}:${i + 1}: ${line.trim()}`);
}

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path, pattern);
    return pattern.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('layout that follows the text direction', () => {
  it('finds a physical left or right wherever it is written', () => {
    expect(physicalProperties('a.css', '.x { margin-left: 1rem; }')).toHaveLength(1);
    expect(physicalProperties('a.css', '.x {\n  right: 0;\n}')).toEqual(['a.css:2: right: 0;']);
    expect(physicalProperties('a.css', '.x { text-align: right; border-top-left-radius: 2px }')).toHaveLength(1);
    expect(physicalProperties('a.tsx', '<b style={{ paddingRight: 4 }} />')).toHaveLength(1);
    expect(physicalProperties('a.tsx', "<b style={{ textAlign: 'left' }} />")).toHaveLength(1);
    expect(physicalProperties('a.ts', 'th { text-align: left; }')).toHaveLength(1);
    // Logical properties, and words that only look alike, pass.
    expect(
      physicalProperties(
        'a.css',
        '.x { margin-inline-start: 1rem; inset-inline-end: 0; text-align: start; border-start-start-radius: 2px; }',
      ),
    ).toEqual([]);
    expect(physicalProperties('a.tsx', "const words = { left: 'roster.action.left' };")).toEqual([]);
    expect(physicalProperties('a.css', '.x:hover { top: 0; }')).toEqual([]);
  });

  it('is written in logical properties in the web app and the pages the server writes', () => {
    const found = [...files('app', /\.(css|tsx?)$/), ...files('server', /\.(css|tsx?)$/)].flatMap((path) =>
      physicalProperties(path, readFileSync(path, 'utf8')),
    );
    expect(found).toEqual([]);
  });
});
