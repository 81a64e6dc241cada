import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './platform/project-root.js';

/**
 * The README says what Hearth does today. Capabilities that do not exist yet are named once, in
 * its "Not yet built" line, never promised in the introduction or the list of what it does.
 * When one of them is built, move it from that line to the list (and from NOT_YET_BUILT here).
 */
const NOT_YET_BUILT = [/captions/i];

describe('the README', () => {
  const readme = fs.readFileSync(path.join(projectRoot(), 'README.md'), 'utf8');
  const notYet = readme.split('\n\n').filter((paragraph) => paragraph.startsWith('**Not yet built:**'));
  const rest = readme
    .split('\n\n')
    .filter((paragraph) => !paragraph.startsWith('**Not yet built:**'))
    .join('\n\n');

  it('names what is not built yet in one short line', () => {
    expect(notYet).toHaveLength(1);
    for (const capability of NOT_YET_BUILT) expect(notYet[0]).toMatch(capability);
  });

  it('promises nothing else that is not built', () => {
    for (const capability of NOT_YET_BUILT) expect(rest).not.toMatch(capability);
  });
});
