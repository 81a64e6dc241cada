import { auditWords } from '../../../domain/audit-words.js';
import { ARCHIVE_FILES } from '../../../domain/data-export.js';
import { roleWords, type MyData } from './my-data.service.js';

/** Text for HTML: every value in the summary passes through here. */
function escape(value: string | number | null | undefined): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
/** An instant in words, in UTC (the archive is read away from Hearth, in any time zone). */
const when = (iso: string | null) => (iso ? `${DATE.format(new Date(iso))} UTC` : '');

function table(caption: string, headings: string[], rows: Array<Array<string | number | null>>): string {
  if (rows.length === 0) return `<p>${escape(caption)}: nothing recorded.</p>`;
  return [
    `<table><caption>${escape(caption)}</caption>`,
    `<thead><tr>${headings.map((h) => `<th scope="col">${escape(h)}</th>`).join('')}</tr></thead><tbody>`,
    ...rows.map((row) => `<tr>${row.map((cell) => `<td>${escape(cell)}</td>`).join('')}</tr>`),
    '</tbody></table>',
  ].join('\n');
}

const STYLE = `
body { font: 1rem/1.5 system-ui, sans-serif; color: #1f2933; max-width: 50rem; margin: 0 auto; padding: 1rem; }
h1, h2, h3 { line-height: 1.25; }
section { border-top: 1px solid #cbd2d9; margin-top: 1.5rem; }
table { border-collapse: collapse; width: 100%; margin: 0.75rem 0; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid #e4e7eb; padding: 0.35rem 0.5rem; }
dt { font-weight: 600; }
dd { margin: 0 0 0.5rem 0; }
`;

/**
 * The archive's `summary.html`: the same facts as hearth-data.json in plain words, for the person
 * to read in any browser. Self-contained: no scripts, no links out, its style inline (it never runs
 * inside Hearth, whose pages allow no inline style).
 */
export function summaryHtml(data: MyData): string {
  const groups = data.groups.map((g) =>
    [
      `<h3>${escape(g.group)}</h3>`,
      '<dl>',
      `<dt>Practice</dt><dd>${escape(g.practice)}</dd>`,
      g.facilitators.length ? `<dt>Facilitators</dt><dd>${escape(g.facilitators.join(', '))}</dd>` : '',
      `<dt>Your place</dt><dd>${escape(g.status)}</dd>`,
      `<dt>How it began</dt><dd>${escape(`${g.referral}, ${when(g.referredAt)}`)}</dd>`,
      g.joinedAt ? `<dt>You joined</dt><dd>${escape(when(g.joinedAt))}</dd>` : '',
      g.endedAt ? `<dt>Your place ended</dt><dd>${escape(when(g.endedAt))}</dd>` : '',
      g.displayName ? `<dt>The name others in the group see</dt><dd>${escape(g.displayName)}</dd>` : '',
      g.agreement
        ? `<dt>Group agreement you accepted</dt><dd>Version ${escape(g.agreement.version)}, ${escape(when(g.agreement.acceptedAt))}${
            g.agreement.text ? `<br>“${escape(g.agreement.text)}”` : ''
          }</dd>`
        : '',
      `<dt>Session reminders by e-mail</dt><dd>${g.remindersOn ? 'On' : 'Off'}</dd>`,
      '</dl>',
      table(
        'Steps of your place',
        ['When', 'Step'],
        g.history.map((h) => [when(h.at), h.status]),
      ),
      g.screening
        ? table(
            `Questions you answered before a place was offered${g.screening.submittedAt ? ` (${when(g.screening.submittedAt)})` : ''}`,
            ['Question', 'Your answer'],
            g.screening.answers.map((a) => [a.question, a.answer]),
          )
        : '',
      table(
        'Your attendance',
        ['Session', 'Attendance'],
        g.attendance.map((a) => [when(a.session), a.status]),
      ),
    ].join('\n'),
  );
  const answers = data.answers.map((a) =>
    [
      `<h3>${escape(a.questionnaire)}</h3>`,
      `<p>${escape(a.group)} · ${a.submittedAt ? `sent ${escape(when(a.submittedAt))}` : 'not sent yet'}${
        a.total !== null ? ` · score ${escape(a.total)}${a.band ? ` (${escape(a.band)})` : ''}` : ''
      }</p>`,
      table(
        'Your answers',
        ['Question', 'Your answer'],
        a.answers.map((x) => [x.question, x.answer]),
      ),
    ].join('\n'),
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Your data from Hearth</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Your data from Hearth</h1>
<p>This is a copy of everything Hearth holds about you, prepared ${escape(when(data.preparedAt))}. It is yours: nobody else was sent this copy. Keep it somewhere safe, because it includes your answers to questionnaires.</p>
<p>The same facts are in <code>${ARCHIVE_FILES.data}</code> (for computers) and your questionnaires and scores in <code>${ARCHIVE_FILES.fhir}</code> (FHIR, a format health services can read).</p>

<section aria-labelledby="account">
<h2 id="account">Your account</h2>
<dl>
<dt>Name</dt><dd>${escape(data.account.name)}</dd>
<dt>E-mail</dt><dd>${escape(data.account.email)}</dd>
<dt>Account made</dt><dd>${escape(when(data.account.createdAt))}</dd>
</dl>
${table(
  'Your practices',
  ['Practice', 'Your role', 'Since', 'Access turned off'],
  data.practices.map((p) => [p.practice, roleWords(p.role), when(p.since), when(p.accessTurnedOffAt)]),
)}
${table(
  'Calendar feeds you made',
  ['Practice', 'Made', 'Last read by a calendar app', 'Turned off'],
  data.calendarFeeds.map((f) => [f.practice, when(f.createdAt), when(f.lastReadAt), when(f.turnedOffAt)]),
)}
</section>

<section aria-labelledby="groups">
<h2 id="groups">Your groups</h2>
${groups.length ? groups.join('\n') : '<p>You have not been part of a group.</p>'}
</section>

<section aria-labelledby="answers">
<h2 id="answers">Your questionnaires and scores</h2>
${answers.length ? answers.join('\n') : '<p>You have not answered any questionnaires.</p>'}
</section>

<section aria-labelledby="history">
<h2 id="history">Who has looked at or changed your records</h2>
${table(
  'Activity on your account',
  ['When', 'What', 'Who', 'Practice'],
  data.accessHistory.map((e) => [
    when(e.occurredAt),
    auditWords(e.action),
    e.by
      ? `${e.by.name ?? 'Someone'}${e.by.role ? ` (${roleWords(e.by.role)})` : ''}`
      : 'Someone who was not signed in',
    e.practice,
  ]),
)}
</section>
</main>
</body>
</html>
`;
}
