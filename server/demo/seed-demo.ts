import crypto from 'node:crypto';
import type { MemberStatus } from '../../domain/membership.js';
import type { Role } from '../../domain/roles.js';
import type { Database } from '../db/connect.js';
import type { AuditLog } from '../platform/audit/audit-log.js';
import { hashPassword } from '../platform/auth/password-hasher.js';
import type { Viewer } from '../platform/auth/viewer.js';
import type { Mailer } from '../platform/mail/mailer.js';
import type { ClinicalCipher } from '../platform/crypto/clinical-cipher.js';
import { translator } from '../platform/i18n.js';
import { MemoryBroker } from '../platform/realtime/memory-broker.js';
import { LiveSessions } from '../platform/realtime/session-control.js';
import { createGroup } from '../modules/groups/groups.service.js';
import {
  changeStatus,
  join,
  refer,
  submitScreening,
  type MembershipContext,
} from '../modules/membership/membership.service.js';
import { insertMembership, insertPerson } from '../modules/people/people.repository.js';
import { isSetUp } from '../modules/setup/setup.repository.js';
import { insertForms } from '../modules/measures/measures.repository.js';
import { submitForm } from '../modules/measures/measures.service.js';
import { setPlan } from '../modules/measures/plans.service.js';
import { BUILT_IN_INSTRUMENTS, type Instrument } from '../../domain/instruments.js';
import { toInstant } from '../db/instant.js';
import { attendanceSheet, recordAttendance } from '../modules/attendance/attendance.service.js';
import { insertSessions } from '../modules/schedule/schedule.repository.js';
import { changeSession, setCancelled, setSchedule } from '../modules/schedule/schedule.service.js';
import type { JobQueue } from '../platform/jobs/job-queue.js';
import { expandRule } from '../../domain/recurrence.js';
import type { AttendanceStatus } from '../../domain/attendance.js';
import { DateTime } from 'luxon';
import { performSetup } from '../modules/setup/setup.service.js';

/** The one password of every demo account; printed by `hearth demo`. Demo data only. */
export const DEMO_PASSWORD = 'hearth demo 2026';

export interface DemoContext {
  database: Database;
  audit: AuditLog;
  mailer: Mailer;
  publicUrl: string;
  cipher: ClinicalCipher;
  jobs: JobQueue;
}

/**
 * The demo practice's people: realistic, and clearly fictional (.test addresses). Staff set up
 * two-step sign-in at their first sign-in, as real staff would; members need not.
 */
const DEMO_PEOPLE: ReadonlyArray<{ key: string; name: string; role: Role }> = [
  { key: 'maya', name: 'Maya Okafor', role: 'clinician' },
  { key: 'daniel', name: 'Daniel Reyes', role: 'clinician' },
  { key: 'ruth', name: 'Ruth Lindqvist', role: 'supervisor' },
  { key: 'sam', name: 'Sam Rivera', role: 'member' },
  { key: 'lee', name: 'Lee Okoro', role: 'member' },
  { key: 'ana', name: 'Ana Duarte', role: 'member' },
  { key: 'priya', name: 'Priya Nair', role: 'member' },
  { key: 'tomas', name: 'Tomás Ruiz', role: 'member' },
  { key: 'noah', name: 'Noah Kim', role: 'member' },
  { key: 'ines', name: 'Inés García', role: 'member' },
  { key: 'kofi', name: 'Kofi Mensah', role: 'member' },
  { key: 'mei', name: 'Mei Chen', role: 'member' },
  { key: 'ben', name: 'Ben Carter', role: 'member' },
];

const email = (key: string) => `${key}@demo.hearth.test`;

/** Where a demo member stands in a group, and (when joined) the name the group knows them by. */
type Placement = { key: string; status: MemberStatus | 'invited'; displayName?: string; reason?: string };

/**
 * Each group's rhythm: its repeat rule, when it began (weeks before today), and for members
 * who left the active list, how many weeks ago that happened.
 */
interface DemoRhythm {
  rrule: string;
  time: string;
  weeksAgo: number;
  durationMinutes: number;
  /** Weeks ago each non-active ending happened, by member key. */
  endedWeeksAgo?: Record<string, number>;
}

const DEMO_GROUPS: ReadonlyArray<{
  lead: string;
  group: Parameters<typeof createGroup>[2];
  members: Placement[];
  rhythm: DemoRhythm;
}> = [
  {
    lead: 'maya',
    group: {
      name: 'Parts Work Circle',
      description:
        'An IFS-informed process group. Over twelve weeks we get to know the parts of us that protect, worry and hurt, and practise meeting them with curiosity, alongside others doing the same.',
      modality: 'ifs-informed',
      format: 'closed',
      capacity: 8,
      timeZone: 'America/New_York',
      meetingMode: 'in-person',
      place: 'Riverside Group Practice, Room 3, 41 Mill Street',
      meetingLink: null,
      facilitatorIds: ['maya', 'daniel'],
      agreement:
        'What is shared in the group stays in the group.\nWe speak for our parts, not about other people.\nWe listen without fixing or advising unless asked.\nWe can pass on any round.\nWe come on time, or let a facilitator know.',
    },
    members: [
      { key: 'sam', status: 'active', displayName: 'Sam' },
      { key: 'lee', status: 'active', displayName: 'Lee' },
      { key: 'ana', status: 'active', displayName: 'Willow' },
      { key: 'priya', status: 'admitted' },
      { key: 'tomas', status: 'referred' },
    ],
    rhythm: { rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=24', time: '18:00', weeksAgo: 14, durationMinutes: 90 },
  },
  {
    lead: 'daniel',
    group: {
      name: 'Boundaries Skills Group',
      description:
        'Six weeks of practice in saying no kindly, asking for what you need, and working through a disagreement. Each week: a skill, a role-play in pairs, and something to try before we meet again.',
      modality: 'skills',
      format: 'closed',
      capacity: 6,
      timeZone: 'America/New_York',
      meetingMode: 'online',
      place: null,
      meetingLink: 'https://video.example.org/riverside-boundaries',
      facilitatorIds: ['daniel'],
      agreement:
        'We keep what others share private.\nWe practise, we do not judge: mistakes are how skills grow.\nCameras on when you can; say so when you cannot.\nWe join from a private place.',
    },
    members: [
      { key: 'noah', status: 'active', displayName: 'Noah' },
      { key: 'ines', status: 'on-leave', displayName: 'Inés' },
      { key: 'kofi', status: 'completed', displayName: 'Kofi', reason: 'Finished the six weeks.' },
      {
        key: 'mei',
        status: 'declined',
        reason: 'A one-to-one start would suit you better first; we can look at the group again in the spring.',
      },
      { key: 'sam', status: 'waitlisted' },
    ],
    rhythm: {
      rrule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=16',
      time: '19:00',
      weeksAgo: 10,
      durationMinutes: 75,
      endedWeeksAgo: { ines: 3, kofi: 1 },
    },
  },
  {
    lead: 'maya',
    group: {
      name: 'Wednesday Open Support Group',
      description: 'A drop-in style support group. People join and move on at their own pace. Come as you are.',
      modality: 'support',
      format: 'open',
      capacity: 10,
      timeZone: 'America/New_York',
      meetingMode: 'hybrid',
      place: 'Riverside Group Practice, Community Room',
      meetingLink: 'https://video.example.org/riverside-wednesday',
      facilitatorIds: ['maya'],
      agreement:
        'Everyone here is welcome as they are.\nWhat is said here stays here.\nOne voice at a time.\nWe look after ourselves: step out whenever you need to.',
    },
    members: [
      { key: 'lee', status: 'active', displayName: 'L.' },
      { key: 'ana', status: 'active', displayName: 'Ana' },
      { key: 'ben', status: 'left', displayName: 'Ben', reason: 'Moved to another city.' },
      { key: 'dev', status: 'invited' },
    ],
    rhythm: {
      rrule: 'FREQ=WEEKLY;BYDAY=WE',
      time: '12:30',
      weeksAgo: 20,
      durationMinutes: 60,
      endedWeeksAgo: { ben: 6 },
    },
  },
];

/** What a demo person does, as the services see it. */
function viewerFor(id: string, name: string, role: Role, practiceId: string): Viewer {
  return {
    userId: id,
    name,
    email: '',
    sessionId: 'demo-seed',
    practiceId,
    practiceName: 'Riverside Group Practice',
    role,
    practices: [],
    twoFactorEnabled: true,
    mustEnrolTwoFactor: false,
    locale: null,
    practiceDefaultLocale: 'en',
    practiceCountry: 'US',
    timeZone: null,
  };
}

/**
 * Seeds the demo practice once (false when it was already there), through the same services the
 * app uses, so the audit log and every rule apply. Each capability adds its own demo data here.
 */
export async function seedDemo(context: DemoContext): Promise<boolean> {
  const { database } = context;
  if (await isSetUp(database)) return false;
  const { practiceId } = await performSetup(database, context.audit, {
    practiceName: 'Riverside Group Practice',
    ownerName: 'Jordan Avery',
    email: email('owner'),
    password: DEMO_PASSWORD,
  });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = new Date().toISOString();
  const ids = new Map<string, { id: string; name: string; role: Role }>();
  await database.db.transaction().execute(async (trx) => {
    for (const person of DEMO_PEOPLE) {
      const id = crypto.randomUUID();
      ids.set(person.key, { id, name: person.name, role: person.role });
      await insertPerson(trx, database.engine, { id, name: person.name, email: email(person.key), passwordHash, now });
      await insertMembership(trx, { practiceId, userId: id, role: person.role, now });
    }
  });
  // The memory broker never fails, so there is nothing to log.
  const quiet = { warn: () => undefined, error: () => undefined };
  const services: MembershipContext = {
    ...context,
    liveSessions: new LiveSessions(database, new MemoryBroker(), quiet),
  };
  const origin = { ip: null, userAgent: 'hearth demo' };
  const as = (key: string) => {
    const person = ids.get(key)!;
    return viewerFor(person.id, person.name, person.role, practiceId);
  };

  for (const { lead, group, members, rhythm } of DEMO_GROUPS) {
    const clinician = as(lead);
    const created = await createGroup(
      services,
      clinician,
      { ...group, facilitatorIds: group.facilitatorIds.map((k) => ids.get(k)!.id) },
      origin,
    );
    for (const placement of members) {
      const name = ids.get(placement.key)?.name ?? 'Dev Patel';
      const entry = await refer(services, clinician, created.id, { name, email: email(placement.key) }, origin);
      const step = (status: MemberStatus, reason?: string) =>
        changeStatus(services, clinician, created.id, entry.id, { status, reason }, origin);
      const joinAs = () =>
        join(
          services,
          as(placement.key),
          created.id,
          { agreementVersion: 1, displayName: placement.displayName! },
          origin,
        );
      switch (placement.status) {
        case 'invited':
          break;
        case 'referred':
          await submitScreening(
            services,
            as(placement.key),
            created.id,
            [
              'I find it hard to speak up when I disagree with people, and I end up going along with things.',
              'No, this would be my first group.',
              '',
              'I get anxious in new places, so I may be quiet at first.',
            ],
            origin,
          );
          break;
        case 'waitlisted':
          await step('waitlisted');
          break;
        case 'declined':
          await step('declined', placement.reason);
          break;
        case 'admitted':
          await step('admitted');
          break;
        default:
          await step('admitted');
          await joinAs();
          if (placement.status !== 'active') await step(placement.status, placement.reason);
      }
    }
    await seedRhythm(context, clinician, created.id, group.timeZone, rhythm);
    await seedMeasures(context, clinician, created.id, as);
  }
  return true;
}

/**
 * Each demo member's PHQ-9 (or GAD-7, WHO-5) totals over time, oldest first: improving, flat and
 * deteriorating, and Lee's latest PHQ-9 with question 9 above 0, so one urgent alert is open.
 */
const DEMO_TRAJECTORIES: Record<string, Record<string, number[]>> = {
  'Parts Work Circle': { sam: [18, 16, 13, 11, 9, 7], ana: [11, 12, 10, 11, 10, 10], lee: [8, 9, 11, 12, 14, 15] },
  'Boundaries Skills Group': { noah: [14, 12, 10, 8, 7], ines: [10, 11, 9], kofi: [12, 9, 7, 5, 4] },
  'Wednesday Open Support Group': { lee: [44, 40, 36, 36, 32], ana: [36, 40, 44, 52, 56, 60] },
};
const DEMO_PLANS: Record<
  string,
  Array<{
    instrumentId: string;
    cadence: 'admission' | 'every-weeks' | 'every-session';
    everyWeeks?: number;
    main?: boolean;
  }>
> = {
  'Parts Work Circle': [
    { instrumentId: 'phq-9', cadence: 'every-weeks', everyWeeks: 2, main: true },
    { instrumentId: 'gad-7', cadence: 'admission' },
    { instrumentId: 'hearth-checkout', cadence: 'every-session' },
  ],
  'Boundaries Skills Group': [
    { instrumentId: 'gad-7', cadence: 'every-weeks', everyWeeks: 2, main: true },
    { instrumentId: 'hearth-checkout', cadence: 'every-session' },
  ],
  'Wednesday Open Support Group': [
    { instrumentId: 'who-5', cadence: 'every-weeks', everyWeeks: 4, main: true },
    { instrumentId: 'hearth-climate', cadence: 'every-weeks', everyWeeks: 4 },
  ],
};

/** Answers that add up to `total` on an instrument (WHO-5 totals are percentages). */
function answersFor(instrument: Instrument, total: number, safety = false): Record<string, number> {
  const scored = instrument.items.filter((i) => !i.unscored);
  const max = Math.max(...instrument.options.map((o) => o.value));
  let left = total / (instrument.multiplier ?? 1);
  const answers: Record<string, number> = {};
  for (const item of scored) {
    const value = item.safety ? (safety ? 1 : 0) : Math.min(max, Math.max(0, Math.round(left)));
    answers[item.id] = value;
    left -= value;
  }
  return answers;
}

/**
 * A group's measures: its plan set through the real service, then months of sent forms made and
 * sent through the real services (so alerts rise as they would) and dated as they happened.
 */
async function seedMeasures(context: DemoContext, clinician: Viewer, groupId: string, as: (key: string) => Viewer) {
  const { database } = context;
  const origin = { ip: null, userAgent: 'hearth demo' };
  const group = await database.db
    .selectFrom('groups')
    .select(['name', 'practiceId'])
    .where('id', '=', groupId)
    .executeTakeFirstOrThrow();
  const measures = { ...context, publicUrl: context.publicUrl };
  await setPlan(measures, clinician, groupId, { measures: DEMO_PLANS[group.name] ?? [] }, origin);
  const main = (DEMO_PLANS[group.name] ?? []).find((p) => p.main)!;
  const instrument = BUILT_IN_INSTRUMENTS.find((i) => i.id === main.instrumentId)!;
  const members = await database.db
    .selectFrom('groupMembers')
    .innerJoin('users', 'users.id', 'groupMembers.userId')
    .select(['groupMembers.id', 'users.email'])
    .where('groupMembers.groupId', '=', groupId)
    // Sent through the real service, which takes answers only from members who may answer now.
    .where('groupMembers.status', 'in', ['active', 'on-leave'])
    .execute();
  const now = Date.now();
  for (const [key, totals] of Object.entries(DEMO_TRAJECTORIES[group.name] ?? {})) {
    const member = members.find((m) => m.email.startsWith(`${key}@`));
    if (!member) continue;
    // Oldest first, two weeks apart, ending a few days ago.
    for (const [n, total] of totals.entries()) {
      const at = new Date(now - (totals.length - n) * 14 * 86_400_000 + 3 * 86_400_000);
      const occasion = `demo:${n}`;
      const formId = crypto.randomUUID();
      await database.db.transaction().execute((trx) =>
        insertForms(trx, [
          {
            id: formId,
            practiceId: group.practiceId,
            groupId,
            groupMemberId: member.id,
            instrumentId: instrument.id,
            occasion,
            // Open now, so the real service takes the answers; dated as it happened below.
            dueAt: new Date().toISOString(),
            status: 'due',
            createdAt: at.toISOString(),
            updatedAt: at.toISOString(),
          },
        ]),
      );
      const last = n === totals.length - 1;
      await submitForm(
        measures,
        as(key),
        formId,
        { answers: answersFor(instrument, total, last && key === 'lee' && instrument.id === 'phq-9') },
        origin,
      );
      await database.db
        .updateTable('measureForms')
        .set({ dueAt: at.toISOString(), submittedAt: at.toISOString() })
        .where('id', '=', formId)
        .execute();
    }
  }
  // Check-outs after each past session, mostly warm, from the members who were there.
  const sessions = await database.db
    .selectFrom('sessionAttendance')
    .innerJoin('groupSessions', 'groupSessions.id', 'sessionAttendance.sessionId')
    .select(['groupSessions.id', 'groupSessions.endsAt', 'sessionAttendance.groupMemberId', 'sessionAttendance.status'])
    .where('groupSessions.groupId', '=', groupId)
    .where('sessionAttendance.status', 'in', ['present', 'late', 'left-early'])
    .execute();
  const wantsCheckout = (DEMO_PLANS[group.name] ?? []).some((p) => p.instrumentId === 'hearth-checkout');
  for (const [n, s] of sessions.entries()) {
    if (!wantsCheckout || n % 3 === 2) continue;
    const member = members.find((m) => m.id === s.groupMemberId);
    if (!member) continue;
    const at = new Date(toInstant(s.endsAt));
    await database.db.transaction().execute((trx) =>
      insertForms(trx, [
        {
          id: crypto.randomUUID(),
          practiceId: group.practiceId,
          groupId,
          groupMemberId: s.groupMemberId,
          instrumentId: 'hearth-checkout',
          occasion: `session:${s.id}`,
          sessionId: s.id,
          dueAt: new Date().toISOString(),
          status: 'due',
          createdAt: at.toISOString(),
          updatedAt: at.toISOString(),
        },
      ]),
    );
    const base = 6 + (n % 4);
    const key = member.email.split('@')[0]!;
    // The plan may have asked for this session's check-out already: answer that one.
    const form = await database.db
      .selectFrom('measureForms')
      .select('id')
      .where('groupMemberId', '=', s.groupMemberId)
      .where('instrumentId', '=', 'hearth-checkout')
      .where('occasion', '=', `session:${s.id}`)
      .executeTakeFirstOrThrow();
    await database.db
      .updateTable('measureForms')
      .set({ dueAt: new Date().toISOString() })
      .where('id', '=', form.id)
      .execute();
    await submitForm(
      measures,
      as(key),
      form.id,
      { answers: { heard: base, safe: Math.min(10, base + 1), mattered: base, fit: Math.max(0, base - 1) } },
      origin,
    );
    await database.db
      .updateTable('measureForms')
      .set({ dueAt: at.toISOString(), submittedAt: at.toISOString() })
      .where('id', '=', form.id)
      .execute();
  }
}

const WEEK_MS = 7 * 86_400_000;

/** The attendance a demo member had at their nth session: mostly there, with life happening. */
function demoMark(key: string, n: number, fromEnd: number): AttendanceStatus {
  // Lee has missed the last two Parts Work sessions without a word: the facilitators' alert.
  if (key === 'lee' && fromEnd < 2) return 'absent-unexcused';
  const roll = (key.charCodeAt(0) * 31 + n * 17) % 20;
  if (roll === 0) return 'absent-excused';
  if (roll === 1) return 'late';
  if (roll === 2 && key !== 'lee') return 'left-early';
  if (roll === 3 && key === 'ana') return 'absent-unexcused';
  return 'present';
}

/**
 * A group's schedule and history: the rule set through the real service (which plans sessions
 * from today), the weeks already behind it filled in as they happened, memberships dated to the
 * group's start, and attendance taken through the real service (so alerts rise as they would).
 */
async function seedRhythm(context: DemoContext, clinician: Viewer, groupId: string, zone: string, rhythm: DemoRhythm) {
  const { database } = context;
  const origin = { ip: null, userAgent: 'hearth demo' };
  const now = Date.now();
  const start = DateTime.fromMillis(now - rhythm.weeksAgo * WEEK_MS, { zone });
  const firstStart = `${start.toFormat('yyyy-MM-dd')}T${rhythm.time}`;
  const rule = { rrule: rhythm.rrule, firstStart, durationMinutes: rhythm.durationMinutes, timeZone: zone };
  // The rule's first date: the first matching weekday on or after `start`.
  const [first] = expandRule(rule, start.startOf('day').toJSDate(), new Date(now + WEEK_MS));
  const began = first ? first.startsAt.getTime() : now;
  // The schedule names the first session's own date.
  const firstDate = DateTime.fromMillis(began, { zone }).toFormat('yyyy-MM-dd');
  await setSchedule(
    context,
    clinician,
    groupId,
    { ...rule, firstStart: `${firstDate}T${rhythm.time}`, reminderMinutes: [1440, 60] },
    origin,
    translator('en'),
  );

  // Everyone who joined did so the day before the first session; endings on their own dates.
  const members = await database.db
    .selectFrom('groupMembers')
    .innerJoin('users', 'users.id', 'groupMembers.userId')
    .select(['groupMembers.id', 'groupMembers.status', 'users.email'])
    .where('groupMembers.groupId', '=', groupId)
    .execute();
  const keyOf = (address: string) => address.split('@')[0]!;
  for (const m of members) {
    const ended = rhythm.endedWeeksAgo?.[keyOf(m.email)];
    const dates: Record<string, number> = {
      referred: began - 3 * WEEK_MS,
      waitlisted: began - 3 * WEEK_MS + 86_400_000,
      admitted: began - 2 * WEEK_MS,
      active: began - 86_400_000,
    };
    for (const [status, at] of Object.entries(dates)) {
      await database.db
        .updateTable('groupMemberEvents')
        .set({ at: new Date(at).toISOString() })
        .where('groupMemberId', '=', m.id)
        .where('toStatus', '=', status)
        .execute();
    }
    if (ended !== undefined)
      await database.db
        .updateTable('groupMemberEvents')
        .set({ at: new Date(now - ended * WEEK_MS - 86_400_000).toISOString() })
        .where('groupMemberId', '=', m.id)
        .where('toStatus', '=', m.status)
        .execute();
    // "Active since" reads the member's own row: date it as its latest event, not the seeding moment.
    const latest = await database.db
      .selectFrom('groupMemberEvents')
      .select('at')
      .where('groupMemberId', '=', m.id)
      .where('toStatus', '=', m.status)
      .orderBy('at', 'desc')
      .executeTakeFirst();
    if (latest)
      await database.db
        .updateTable('groupMembers')
        .set({ statusChangedAt: latest.at })
        .where('id', '=', m.id)
        .execute();
  }

  // The sessions already behind the group, then their attendance.
  const past = expandRule(rule, new Date(began), new Date(now));
  await database.db.transaction().execute((trx) =>
    insertSessions(
      trx,
      past.map((o) => ({
        id: crypto.randomUUID(),
        practiceId: clinician.practiceId,
        groupId,
        occurrenceStart: o.startsAt.toISOString(),
        startsAt: o.startsAt.toISOString(),
        endsAt: o.endsAt.toISOString(),
        status: 'scheduled',
        createdAt: new Date(began).toISOString(),
        updatedAt: new Date(began).toISOString(),
      })),
    ),
  );
  const sessions = await database.db
    .selectFrom('groupSessions')
    .select(['id', 'startsAt'])
    .where('groupId', '=', groupId)
    .where('startsAt', '<', new Date(now).toISOString())
    .orderBy('startsAt')
    .execute();
  for (const [n, session] of sessions.entries()) {
    const sheet = await attendanceSheet(context, clinician, groupId, session.id, origin);
    const marks = sheet.entries.map((e) => {
      const key = members.find((m) => m.id === e.memberId)?.email.split('@')[0] ?? '';
      return { memberId: e.memberId, status: demoMark(key, n, sessions.length - 1 - n) };
    });
    if (marks.length > 0) await recordAttendance(context, clinician, groupId, session.id, { marks }, origin);
  }

  // What is coming: one session with something to bring, one cancelled with a note.
  const upcoming = await database.db
    .selectFrom('groupSessions')
    .select('id')
    .where('groupId', '=', groupId)
    .where('startsAt', '>', new Date(now + 86_400_000).toISOString())
    .orderBy('startsAt')
    .limit(3)
    .execute();
  if (upcoming[0])
    await changeSession(
      context,
      clinician,
      groupId,
      upcoming[0].id,
      { noteForMembers: 'Bring a notebook: we will start a short practice log.' },
      origin,
    );
  if (upcoming[2])
    await setCancelled(
      context,
      clinician,
      groupId,
      upcoming[2].id,
      'The practice is closed for the holiday. We meet again the week after.',
      origin,
    );
}
