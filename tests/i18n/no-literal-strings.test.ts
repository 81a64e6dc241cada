import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { literalsIn } from '../../scripts/literal-scan.js';

/**
 * Words a person reads come from the catalogs, never from a component (scripts/literal-scan.ts
 * says what counts).
 */
/** Files still being moved to the catalogs (issue 12); the list only ever shrinks. */
const NOT_YET_MOVED = new Set<string>([
  'app/features/alerts/alert-list.tsx',
  'app/features/groups/group-access.tsx',
  'app/features/groups/group-form.tsx',
  'app/features/groups/group-lifecycle.tsx',
  'app/features/measures/custom-instrument-form.tsx',
  'app/features/measures/safety-settings.tsx',
  'app/features/membership/coming-up.tsx',
  'app/features/membership/my-groups.tsx',
  'app/features/membership/roster.tsx',
  'app/features/membership/self-referral-link.tsx',
  'app/features/people/people-filters.tsx',
  'app/features/practice/outbox.tsx',
  'app/features/schedule/calendar-feed.tsx',
  'app/features/schedule/reminder-toggle.tsx',
  'app/features/schedule/schedule-form.tsx',
  'app/features/schedule/session-list.tsx',
  'app/routes/account-page.tsx',
  'app/routes/agenda-page.tsx',
  'app/routes/attendance-page.tsx',
  'app/routes/audit-page.tsx',
  'app/routes/check-in-page.tsx',
  'app/routes/check-ins-page.tsx',
  'app/routes/end-cycle-page.tsx',
  'app/routes/error-page.tsx',
  'app/routes/forgot-password-page.tsx',
  'app/routes/group-measures-page.tsx',
  'app/routes/group-page.tsx',
  'app/routes/group-sessions-page.tsx',
  'app/routes/groups-page.tsx',
  'app/routes/help-page.tsx',
  'app/routes/home-page.tsx',
  'app/routes/intake-page.tsx',
  'app/routes/invitation-page.tsx',
  'app/routes/join-confirm-page.tsx',
  'app/routes/join-page.tsx',
  'app/routes/my-sessions-page.tsx',
  'app/routes/new-group-page.tsx',
  'app/routes/not-found-page.tsx',
  'app/routes/outbox-page.tsx',
  'app/routes/people-page.tsx',
  'app/routes/reset-password-page.tsx',
  'app/routes/settings-page.tsx',
  'app/routes/setup-page.tsx',
  'app/routes/sign-in-page.tsx',
  'app/routes/two-step-page.tsx',
  'app/ui/crisis-lines.tsx',
  'app/ui/require-viewer.tsx',
  'app/ui/text-field.tsx',
]);

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
