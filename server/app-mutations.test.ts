import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './platform/project-root.js';

// Reads the web app's sources (app/), so it runs with the Node tests: the web app's mutations all
// refresh through one helper, app/api/changes.ts, whose own tests sit beside it.

/** Mutations that change nothing another view shows, each with why. Everything else says what it changed. */
const CHANGES_NOTHING_CACHED: Record<string, string> = {
  'app/routes/sign-in-page.tsx': 'signing in sets who is signed in directly',
  'app/routes/two-step-page.tsx': 'enrolment sets who is signed in directly',
  'app/routes/setup-page.tsx': 'setup sets who is signed in directly',
  'app/routes/invitation-page.tsx': 'accepting sets who is signed in directly',
  'app/routes/forgot-password-page.tsx': 'signed out: nothing is cached',
  'app/routes/reset-password-page.tsx': 'signed out: nothing is cached',
  'app/routes/join-page.tsx': 'a public form: nothing is cached',
  'app/routes/join-confirm-page.tsx': 'a public confirmation link: nothing is cached',
  'app/routes/audit-page.tsx': 'verifying the log reads it; nothing changes',
  'app/features/lexicon/test-box.tsx': 'testing a sample against the lexicon reads it; nothing changes',
  'app/ui/layout.tsx': 'signing out and switching practice empty the whole cache',
};

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.includes('.test.') ? [full] : [];
  });
}

describe('one way to refresh after a change', () => {
  const root = projectRoot();
  const files = sources(path.join(root, 'app')).map((file) => ({
    name: path.relative(root, file),
    text: fs.readFileSync(file, 'utf8'),
  }));

  it('every mutation says what it changed through useChanged', () => {
    const silent = files
      .filter((f) => f.text.includes('useMutation(') && !f.text.includes('useChanged()'))
      .map((f) => f.name)
      .filter((name) => !(name in CHANGES_NOTHING_CACHED));
    expect(silent).toEqual([]);
  });

  it('nothing else marks queries stale or writes over them', () => {
    const elsewhere = files
      .filter((f) => /invalidateQueries|setQueryData|refetchQueries/.test(f.text))
      .map((f) => f.name)
      .filter((name) => !['app/api/changes.ts', 'app/api/live-changes.ts'].includes(name))
      .filter((name) => !(name in CHANGES_NOTHING_CACHED));
    expect(elsewhere).toEqual([]);
  });
});
