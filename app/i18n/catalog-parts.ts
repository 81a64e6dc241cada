/**
 * Which catalog keys a person's first page needs (decision 0047). The build splits each language's
 * catalog in two (vite.config.ts, `precompiledCatalogs`): the `first` part, keys under these
 * prefixes (a namespace, or a part of one), loads before the first page renders; the `rest` loads with the first page that is
 * loaded when visited (`page()` in app/main.tsx). server/web-assets.test.ts fails when a script of
 * the first pages names a key outside these prefixes, and so a page never shows a key's name.
 */
export const FIRST_PAGE_PREFIXES: readonly string[] = [
  // The frame of every page, and what every page may show.
  'layout',
  'error',
  'notFound',
  'api',
  'requireViewer',
  'label',
  'format',
  'formProblems',
  'problemSummary',
  'textField',
  'questionnaireLanguage',
  // Signing in, home and what it links to, check-ins.
  'signIn',
  'home',
  'myGroups',
  'comingUp',
  'alertList',
  'notes.todo',
  'room.join',
  'room.open',
  'space.link',
  'skills.nav',
  'ifs.place',
  'checkIns',
  'checkIn',
  // Help and "when things get hard", with no wait (decision 0044).
  'help',
  'crisisLines',
  'safetyPlan.education',
  'safetyPlan.hardTimes',
  'safetyPlan.nav',
  'safetyPlan.open',
  'safetyPlan.place',
];

/** The part of the catalog a key belongs to. */
export function catalogPart(key: string): 'first' | 'rest' {
  return FIRST_PAGE_PREFIXES.some((prefix) => key === prefix || key.startsWith(`${prefix}.`)) ? 'first' : 'rest';
}
