import { ATTENDANCE_STATUSES } from '../../../domain/attendance.js';
import { ARCHIVE_FILES } from '../../../domain/data-export.js';
import { directionOf } from '../../../domain/locale.js';
import { MEMBER_STATUSES } from '../../../domain/membership.js';
import { ROLES } from '../../../domain/roles.js';
import { SAFETY_PLAN_STEPS } from '../../../domain/safety-plan.js';
import { translator, type ServerMessageKey } from '../../platform/i18n.js';
import type { MyData } from './my-data.service.js';

/** Text for HTML: every value in the summary passes through here. */
function escape(value: string | number | null | undefined): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** The stored codes the summary puts in words (`summary.label.<kind>.<code>`). */
const CODES = { memberStatus: MEMBER_STATUSES, attendance: ATTENDANCE_STATUSES, role: ROLES } as const;

const STYLE = `
body { font: 1rem/1.5 system-ui, sans-serif; color: #1f2933; max-width: 50rem; margin: 0 auto; padding: 1rem; }
h1, h2, h3 { line-height: 1.25; }
section { border-top: 1px solid #cbd2d9; margin-top: 1.5rem; }
table { border-collapse: collapse; width: 100%; margin: 0.75rem 0; }
caption { text-align: start; font-weight: 600; padding: 0.25rem 0; }
th, td { text-align: start; vertical-align: top; border-bottom: 1px solid #e4e7eb; padding: 0.35rem 0.5rem; }
dt { font-weight: 600; }
dd { margin: 0 0 0.5rem 0; }
`;

/**
 * The archive's `summary.html`: the same facts as hearth-data.json in plain words, in the person's
 * language (server/i18n/catalogs), for them to read in any browser. Self-contained: no scripts, no
 * links out, its style inline (it never runs inside Hearth, whose pages allow no inline style).
 * Times are in UTC, named: the file is read away from Hearth, in any time zone.
 */
export function summaryHtml(data: MyData): string {
  const { t, locale } = translator(data.locale);
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  const when = (iso: string | null) => (iso ? `${dates.format(new Date(iso))} UTC` : '');
  /** A stored code in words ("active" → "Active"), or the code itself when Hearth has no words for it. */
  const label = (kind: keyof typeof CODES, code: string) =>
    (CODES[kind] as readonly string[]).includes(code) ? t(`summary.label.${kind}.${code}` as ServerMessageKey) : code;
  const table = (caption: string, headings: string[], rows: Array<Array<string | number | null>>) => {
    if (rows.length === 0) return `<p>${escape(t('summary.nothingRecorded', { caption }))}</p>`;
    return [
      `<table><caption>${escape(caption)}</caption>`,
      `<thead><tr>${headings.map((h) => `<th scope="col">${escape(h)}</th>`).join('')}</tr></thead><tbody>`,
      ...rows.map((row) => `<tr>${row.map((cell) => `<td>${escape(cell)}</td>`).join('')}</tr>`),
      '</tbody></table>',
    ].join('\n');
  };
  /**
   * An audit action in words: `summary.audit.<action in camelCase>` ("auth.signed_in" →
   * summary.audit.auth.signedIn, the web app's auditWords keys); an action with no words yet shows its code.
   */
  const actionWords = (action: string) => {
    const key = `summary.audit.${action.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())}`;
    try {
      return t(key as ServerMessageKey);
    } catch {
      // No words for it in any catalog (the translator says so by throwing): its code is still true.
      return action;
    }
  };
  const term = (key: ServerMessageKey, value: string) => `<dt>${escape(t(key))}</dt><dd>${value}</dd>`;
  /** A list only when there is something in it: a member who never used a part of Hearth is not told about it. */
  const some = <T>(rows: T[], render: (rows: T[]) => string) => (rows.length > 0 ? render(rows) : '');
  /** The words inside a saved JSON value (a reflection, a note), in order, each on its own line. */
  const wordsIn = (value: unknown): string[] => {
    if (typeof value === 'string') return value.trim() ? [value] : [];
    if (typeof value === 'number') return [String(value)];
    if (Array.isArray(value)) return value.flatMap(wordsIn);
    if (value && typeof value === 'object') return Object.values(value).flatMap(wordsIn);
    return [];
  };
  const lines = (items: string[]) =>
    items.length ? `<ul>${items.map((line) => `<li>${escape(line)}</li>`).join('')}</ul>` : '';

  const groups = data.groups.map((g) =>
    [
      `<h3>${escape(g.group)}</h3>`,
      '<dl>',
      term('summary.group.practice', escape(g.practice)),
      g.facilitators.length ? term('summary.group.facilitators', escape(g.facilitators.join(', '))) : '',
      term('summary.group.place', escape(label('memberStatus', g.status))),
      term(
        'summary.group.began',
        escape(
          t(g.referral === 'self' ? 'summary.group.askedToJoin' : 'summary.group.referred', { at: when(g.referredAt) }),
        ),
      ),
      g.joinedAt ? term('summary.group.joined', escape(when(g.joinedAt))) : '',
      g.endedAt ? term('summary.group.ended', escape(when(g.endedAt))) : '',
      g.displayName ? term('summary.group.displayName', escape(g.displayName)) : '',
      g.agreement
        ? term(
            'summary.group.agreement',
            `${escape(t('summary.group.agreementVersion', { version: g.agreement.version, at: when(g.agreement.acceptedAt) }))}${
              g.agreement.text ? `<br>“${escape(g.agreement.text)}”` : ''
            }`,
          )
        : '',
      term('summary.group.reminders', escape(t(g.remindersOn ? 'summary.on' : 'summary.off'))),
      '</dl>',
      table(
        t('summary.group.steps'),
        [t('summary.column.when'), t('summary.column.step')],
        g.history.map((h) => [when(h.at), label('memberStatus', h.status)]),
      ),
      g.screening
        ? table(
            g.screening.submittedAt
              ? t('summary.group.screeningAt', { at: when(g.screening.submittedAt) })
              : t('summary.group.screening'),
            [t('summary.column.question'), t('summary.column.answer')],
            g.screening.answers.map((a) => [a.question, a.answer]),
          )
        : '',
      table(
        t('summary.group.attendance'),
        [t('summary.column.session'), t('summary.column.attendance')],
        g.attendance.map((a) => [when(a.session), label('attendance', a.status)]),
      ),
      g.skillsPractice.length > 0
        ? table(
            t('summary.group.skillsPractice'),
            [
              t('summary.column.when'),
              t('summary.column.skill'),
              t('summary.column.situation'),
              t('summary.column.rating'),
              t('summary.column.learned'),
              t('summary.column.seenBy'),
            ],
            g.skillsPractice.map((p) => [
              when(p.loggedAt),
              p.skill,
              p.situation,
              String(p.rating),
              p.learned ?? '',
              t('summary.seenBy', { seenBy: p.seenBy }),
            ]),
          )
        : '',
      some(g.skillsFeedbackGiven, (rows) =>
        table(
          t('summary.group.feedbackGiven'),
          [t('summary.column.when'), t('summary.column.worked'), t('summary.column.tryNext')],
          rows.map((f) => [when(f.givenAt), f.worked ?? '', f.tryNext ?? '']),
        ),
      ),
      some(g.room.checkIns, (rows) =>
        table(
          t('summary.group.roomCheckIns'),
          [t('summary.column.session'), t('summary.column.mood'), t('summary.column.word'), t('summary.column.part')],
          rows.map((c) => [when(c.session), String(c.mood), c.word, c.part ?? '']),
        ),
      ),
      some(g.room.chat, (rows) =>
        table(
          t('summary.group.roomChat'),
          [t('summary.column.when'), t('summary.column.text')],
          rows.map((m) => [when(m.at), m.hidden ? `${m.text} (${t('summary.hiddenByFacilitator')})` : m.text]),
        ),
      ),
      some(g.room.voice, (rows) =>
        table(
          t('summary.group.roomVoice'),
          [t('summary.column.session'), t('summary.column.secondsSpeaking'), t('summary.column.turns')],
          rows.map((v) => [when(v.session), String(v.seconds), String(v.turns)]),
        ),
      ),
      some(g.space.posts, (rows) =>
        table(
          t('summary.group.spacePosts'),
          [t('summary.column.when'), t('summary.column.kind'), t('summary.column.text')],
          rows.map((p) => [
            when(p.at),
            t('summary.spacePost', { reply: p.reply ? 'yes' : 'no', anonymous: p.anonymous ? 'yes' : 'no' }),
            [p.title, p.body].filter(Boolean).join(' — '),
          ]),
        ),
      ),
      some(g.space.reactions, (rows) =>
        table(
          t('summary.group.spaceReactions'),
          [t('summary.column.when'), t('summary.column.reaction'), t('summary.column.on')],
          rows.map((r) => [when(r.at), r.kind, t(r.on === 'your post' ? 'summary.onYourPost' : 'summary.onPeerPost')]),
        ),
      ),
      some(g.space.reports, (rows) =>
        table(
          t('summary.group.spaceReports'),
          [t('summary.column.when'), t('summary.column.reason')],
          rows.map((r) => [when(r.at), r.reason]),
        ),
      ),
    ].join('\n'),
  );
  const safetyPlans = data.safetyPlans.flatMap((p) =>
    p.versions.map((v) =>
      [
        `<h3>${escape(t('summary.safetyPlans.version', { practice: p.practice, version: v.version, at: when(v.savedAt), name: v.writtenBy }))}</h3>`,
        '<dl>',
        ...SAFETY_PLAN_STEPS.map((step) => {
          const entries = (v.plan[step] ?? []) as Array<string | { name: string; reach: string }>;
          const items = entries.map((e) => (typeof e === 'string' ? e : [e.name, e.reach].filter(Boolean).join(': ')));
          return items.length ? term(`safetyPlan.pdf.${step}`, lines(items)) : '';
        }),
        '</dl>',
      ]
        .filter(Boolean)
        .join('\n'),
    ),
  );
  const reflections = data.reflections.map((r) =>
    [
      `<h3>${escape(t('summary.reflections.item', { kind: r.kind, at: when(r.createdAt) }))}</h3>`,
      `<p>${escape(r.sharedAt ? t('summary.reflections.shared', { at: when(r.sharedAt) }) : t('summary.reflections.private'))}</p>`,
      lines(wordsIn(r.content)),
    ].join('\n'),
  );
  const answers = data.answers.map((a) =>
    [
      `<h3>${escape(a.questionnaire)}</h3>`,
      `<p>${escape(
        [
          a.group,
          a.submittedAt ? t('summary.answers.sent', { at: when(a.submittedAt) }) : t('summary.answers.notSent'),
          a.total !== null ? t('summary.answers.score', { total: a.total, band: a.band ?? '' }) : null,
        ]
          .filter(Boolean)
          .join(' · '),
      )}</p>`,
      table(
        t('summary.answers.yours'),
        [t('summary.column.question'), t('summary.column.answer')],
        a.answers.map((x) => [x.question, x.answer]),
      ),
    ].join('\n'),
  );
  return `<!doctype html>
<html lang="${locale}" dir="${directionOf(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(t('summary.title'))}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escape(t('summary.title'))}</h1>
<p>${escape(t('summary.intro', { at: when(data.preparedAt) }))}</p>
<p>${escape(t('summary.files', { data: ARCHIVE_FILES.data, fhir: ARCHIVE_FILES.fhir }))}</p>

<section aria-labelledby="account">
<h2 id="account">${escape(t('summary.account.heading'))}</h2>
<dl>
${term('summary.account.name', escape(data.account.name))}
${term('summary.account.email', escape(data.account.email))}
${term('summary.account.created', escape(when(data.account.createdAt)))}
</dl>
${table(
  t('summary.practices.heading'),
  [t('summary.column.practice'), t('summary.column.role'), t('summary.column.since'), t('summary.column.turnedOff')],
  data.practices.map((p) => [p.practice, label('role', p.role), when(p.since), when(p.accessTurnedOffAt)]),
)}
${table(
  t('summary.feeds.heading'),
  [t('summary.column.practice'), t('summary.column.made'), t('summary.column.lastRead'), t('summary.column.turnedOff')],
  data.calendarFeeds.map((f) => [f.practice, when(f.createdAt), when(f.lastReadAt), when(f.turnedOffAt)]),
)}
</section>

<section aria-labelledby="groups">
<h2 id="groups">${escape(t('summary.groups.heading'))}</h2>
${groups.length ? groups.join('\n') : `<p>${escape(t('summary.groups.none'))}</p>`}
</section>

<section aria-labelledby="notes">
<h2 id="notes">${escape(t('summary.notes.heading'))}</h2>
${
  data.notes.length
    ? table(
        t('summary.notes.heading'),
        [
          t('summary.column.practice'),
          t('summary.column.group'),
          t('summary.column.session'),
          t('summary.column.signedBy'),
        ],
        data.notes.map((n) => [
          n.practice,
          n.group,
          when(n.startsAt),
          `${n.signed.name} ${n.signed.credential}`.trim(),
        ]),
      )
    : `<p>${escape(t('summary.notes.none'))}</p>`
}
${data.notes
  .map((n) =>
    [
      `<h3>${escape(t('summary.notes.note', { group: n.group, at: when(n.startsAt) }))}</h3>`,
      lines([...wordsIn(n.groupPart), ...wordsIn(n.content)]),
    ].join('\n'),
  )
  .join('\n')}
</section>

<section aria-labelledby="safety-plan">
<h2 id="safety-plan">${escape(t('summary.safetyPlans.heading'))}</h2>
${safetyPlans.length ? safetyPlans.join('\n') : `<p>${escape(t('summary.safetyPlans.none'))}</p>`}
</section>

<section aria-labelledby="reflections">
<h2 id="reflections">${escape(t('summary.reflections.heading'))}</h2>
${reflections.length ? reflections.join('\n') : `<p>${escape(t('summary.reflections.none'))}</p>`}
</section>

<section aria-labelledby="answers">
<h2 id="answers">${escape(t('summary.answers.heading'))}</h2>
${answers.length ? answers.join('\n') : `<p>${escape(t('summary.answers.none'))}</p>`}
</section>

<section aria-labelledby="history">
<h2 id="history">${escape(t('summary.history.heading'))}</h2>
${table(
  t('summary.history.caption'),
  [t('summary.column.when'), t('summary.column.what'), t('summary.column.who'), t('summary.column.practice')],
  data.accessHistory.map((e) => [
    when(e.occurredAt),
    actionWords(e.action),
    e.by
      ? `${e.by.name ?? t('summary.history.someone')}${e.by.role ? ` (${label('role', e.by.role)})` : ''}`
      : t('summary.history.notSignedIn'),
    e.practice,
  ]),
)}
</section>
</main>
</body>
</html>
`;
}
