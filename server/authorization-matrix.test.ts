import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { EIGHT_CS } from '../domain/ifs.js';
import { ROLES, type Role } from '../domain/roles.js';
import { emptySafetyPlan } from '../domain/safety-plan.js';
import type { Engine } from './db/connect.js';
import { backdateMembership, insertPastSession } from './testing/group-fixtures.js';
import {
  addPerson,
  createTestApp,
  OWNER,
  setUpPractice,
  setupPracticeId,
  TEST_ENGINES,
  type SignedIn,
  type TestApp,
} from './testing/test-app.js';

/**
 * Every route the app registers, against every kind of principal. A route without an entry here
 * fails the suite, so a new route cannot ship without saying who may call it.
 *
 * Boundaries: the practice (another practice's owner and clinician), the group (a member and a
 * clinician of another group of this practice, a former member of this group) and clinical data
 * (decision 0019): `owner` and `admin` facilitate no group, so they see groups but read no
 * member's clinical data; no response to them, or to anyone outside the group, may carry any of
 * the clinical group's clinical words (`clinical`).
 *
 * One fixture per engine serves every route (routes that end the principals' own sessions or
 * change their sign-in get one of their own); each request makes fresh objects where it changes them.
 */
const PRINCIPALS = [
  'anonymous',
  'owner',
  'admin',
  'clinician',
  'supervisor',
  'member',
  'ownerOfAnotherPractice',
  'clinicianOfAnotherPractice',
  'removedMember',
  'disabledMember',
  'memberOfAnotherGroup',
  'clinicianOfAnotherGroup',
  'formerMember',
] as const;
type Principal = (typeof PRINCIPALS)[number];

const ROLE_OF: Partial<Record<Principal, Role>> = {
  owner: 'owner',
  admin: 'admin',
  clinician: 'clinician',
  supervisor: 'supervisor',
  member: 'member',
  ownerOfAnotherPractice: 'owner',
  clinicianOfAnotherPractice: 'clinician',
  memberOfAnotherGroup: 'member',
  clinicianOfAnotherGroup: 'clinician',
  formerMember: 'member',
};
const FROM_ANOTHER_PRACTICE: Principal[] = ['ownerOfAnotherPractice', 'clinicianOfAnotherPractice'];
/** Of this practice, but not of the group a request is about: it is not there for them. */
const FROM_ANOTHER_GROUP: Principal[] = ['memberOfAnotherGroup', 'clinicianOfAnotherGroup'];
/** Who reads the clinical group's clinical data: its facilitator and the practice's supervisor. */
const CLINICAL_READERS: Principal[] = ['clinician', 'supervisor'];

interface Fixture {
  t: TestApp;
  practiceId: string;
  people: Record<Exclude<Principal, 'anonymous'>, SignedIn>;
  /**
   * One group, facilitated by the clinician, holding clinical data: the member is active in it with
   * a noted absence, an open alert and a PHQ-9 form; the former member was removed from it (their
   * form still waiting); the bystander was referred and answered its screening questions.
   */
  clinical: {
    groupId: string;
    sessionId: string;
    applicantId: string;
    alertId: string;
    formerMemberForm: string;
    /** Words only the group's clinical readers may ever receive. */
    words: string[];
  };
  /** A member of this practice, made for one request so that changes do not collide. */
  freshMember(): Promise<string>;
  /** A pending invitation of this practice. */
  freshInvitation(): Promise<string>;
  /** A group of this practice, facilitated by the clinician principal. */
  freshGroup(): Promise<string>;
  /** A referral to a fresh group, waiting for a decision. */
  freshReferral(): Promise<{ groupId: string; memberId: string }>;
  /** A fresh group that has admitted this person. */
  groupAdmitting(person: SignedIn): Promise<string>;
  /** A fresh group this person has joined (active). */
  groupJoined(person: SignedIn): Promise<string>;
  /** A future session of a fresh group. */
  freshSession(): Promise<{ groupId: string; sessionId: string }>;
  /** A session of a fresh group that happened last week, expecting one active member. */
  pastSession(): Promise<{ groupId: string; sessionId: string; memberId: string }>;
  /** An open alert in a fresh group. */
  freshAlert(): Promise<{ groupId: string; alertId: string }>;
  /** A fresh group with a PHQ-9 plan that the member principal has joined; the member's waiting form. */
  memberForm(): Promise<{ groupId: string; formId: string }>;
  /** A fresh group this person has been referred to. */
  groupReferring(person: SignedIn): Promise<string>;
  /** Someone whose things the principals try to reach. */
  bystander: SignedIn;
  /** Words that must never appear in an answer to someone from another practice. */
  secrets: string[];
}

interface Entry {
  /** Who may reach the route's action: `public` for everyone; otherwise the principals allowed. */
  allowed: 'public' | Principal[];
  request(f: Fixture, as: Principal): Promise<InjectOptions> | InjectOptions;
  /** Statuses an allowed principal may get besides success (a 409, a wrong code's 400). */
  alsoFine?: number[];
  /**
   * What a principal of the group whose role the policy admits, but who is refused on the object,
   * gets (404 unless said): 403 for data of a group they see but may not read.
   */
  refusedWith?: number | Partial<Record<Principal, number>>;
  /** What the former member gets where it is not refusedWith: 409, a membership that has ended. */
  formerMemberGets?: number;
  /** Ends or changes the principals' own sessions or sign-in: gets a fixture of its own. */
  ownFixture?: boolean;
}

const ADMINS: Principal[] = ['owner', 'admin', 'ownerOfAnotherPractice'];
const SIGNED_IN: Principal[] = [
  'owner',
  'admin',
  'clinician',
  'supervisor',
  'member',
  'ownerOfAnotherPractice',
  'clinicianOfAnotherPractice',
  'memberOfAnotherGroup',
  'clinicianOfAnotherGroup',
  'formerMember',
];
const THIS_PRACTICE_ADMINS: Principal[] = ['owner', 'admin'];
/** Principals whose role in their practice is member. */
const MEMBERS: Principal[] = ['member', 'memberOfAnotherGroup', 'formerMember'];

/** A waiting erasure request of a fresh member of this practice; its id. */
async function freshErasureRequest(f: Fixture): Promise<string> {
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  await f.t.database.db
    .insertInto('erasureRequests')
    .values({
      id,
      practiceId: f.practiceId,
      userId: await f.freshMember(),
      status: 'pending',
      reason: null,
      requestedAt: now,
      dueAt: now,
    })
    .execute();
  return id;
}
/** One published thread per fixture in the clinical group, started by its member through the route; its id. */
const threads = new WeakMap<Fixture, Promise<string>>();
function freshThread(f: Fixture): Promise<string> {
  if (!threads.has(f)) threads.set(f, startThread(f));
  return threads.get(f)!;
}
async function startThread(f: Fixture): Promise<string> {
  const made = await f.t.app.inject({
    method: 'POST',
    url: `/api/groups/${f.clinical.groupId}/space/threads`,
    headers: { cookie: f.people.member.cookie },
    remoteAddress: f.people.member.ip,
    payload: { title: 'Matrix thread', body: 'A week of small steps.' },
  });
  if (made.statusCode !== 201) throw new Error(`thread: ${made.body}`);
  return made.json().id as string;
}

/** A report about a fresh thread, made by the member; its id. */
async function freshSpaceReport(f: Fixture): Promise<string> {
  const postId = await freshThread(f);
  const made = await f.t.app.inject({
    method: 'POST',
    url: `/api/groups/${f.clinical.groupId}/space/posts/${postId}/reports`,
    headers: { cookie: f.people.member.cookie },
    remoteAddress: f.people.member.ip,
    payload: { reason: 'Matrix report' },
  });
  if (made.statusCode !== 201) throw new Error(`report: ${made.body}`);
  return made.json().id as string;
}

/** Who writes in the clinical group's space: its member and its facilitator. */
const SPACE_WRITERS: Principal[] = ['member', 'clinician'];
/** Who reads it: those, the supervisor (everything), and the owner and admin (counts only). */
const SPACE_READERS: Principal[] = ['member', 'clinician', 'supervisor', 'owner', 'admin'];
/** A rule of this practice's own crisis lexicon; its id. */
async function freshCrisisRule(f: Fixture): Promise<string> {
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  await f.t.database.db
    .insertInto('crisisRules')
    .values({
      id,
      practiceId: f.practiceId,
      phrase: `fresh phrase ${id}`,
      phraseKey: `fresh phrase ${id}`,
      category: 'self_harm',
      language: 'en',
      level: 'urgent',
      enabled: f.t.database.engine === 'sqlite' ? 1 : true,
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  return id;
}
const MATRIX_PLAN = { ...emptySafetyPlan(), warningSigns: ['Matrix warning sign'] };
const MATRIX_CHECK = {
  kind: 'selfCheck',
  content: { ratings: Object.fromEntries(EIGHT_CS.map((c) => [c, 5])), note: '' },
};

/** The newest version of a person's safety plan (0: none yet), so a save starts from it. */
async function planVersionOf(f: Fixture, userId: string): Promise<number> {
  const row = await f.t.database.db
    .selectFrom('safetyPlans')
    .select('version')
    .where('userId', '=', userId)
    .orderBy('version', 'desc')
    .executeTakeFirst();
  return row?.version ?? 0;
}

/** A fresh check-in of the member principal's own; its id. */
async function freshIfsItem(f: Fixture): Promise<string> {
  const made = await f.t.app.inject({
    method: 'POST',
    url: '/api/my/ifs',
    headers: { cookie: f.people.member.cookie },
    remoteAddress: f.people.member.ip,
    payload: MATRIX_CHECK,
  });
  if (made.statusCode !== 201) throw new Error(`ifs item: ${made.body}`);
  return made.json<{ id: string }>().id;
}
const STAFF: Principal[] = [
  'owner',
  'admin',
  'clinician',
  'supervisor',
  'ownerOfAnotherPractice',
  'clinicianOfAnotherPractice',
  'clinicianOfAnotherGroup',
];
const GROUP_LEADS: Principal[] = [
  'owner',
  'admin',
  'clinician',
  'ownerOfAnotherPractice',
  'clinicianOfAnotherPractice',
  'clinicianOfAnotherGroup',
];

/** A valid new group, facilitated by one person. */
function groupBody(facilitatorId: string) {
  return {
    name: 'Matrix group',
    description: 'A group made by the authorisation matrix.',
    modality: 'support',
    format: 'open',
    capacity: 10,
    timeZone: 'Europe/London',
    meetingMode: 'online',
    facilitatorIds: [facilitatorId],
    agreement: 'We keep what is shared here inside the group.',
  };
}

const toIso = (value: Date | string) => (value instanceof Date ? value.toISOString() : value);

const NOTE_GROUP_PART = {
  themes: 'Matrix themes',
  interventions: ['process'],
  interventionsOther: '',
  groupProcess: '',
  factors: [],
  risk: '',
};
const NOTE_OWN_PART = { sections: { data: 'Matrix data' }, participation: 'Took part', goalProgress: '', risk: '' };

/** A past session of a fresh group whose notes the clinician principal started; its notes' address. */
async function startedNotes(f: Fixture) {
  const { groupId, sessionId, memberId } = await f.pastSession();
  // pastSession dates every step of the membership to one instant, which leaves their order to the
  // database: the joining comes last here, so the member is surely active at the session.
  const session = await f.t.database.db
    .selectFrom('groupSessions')
    .select('startsAt')
    .where('id', '=', sessionId)
    .executeTakeFirstOrThrow();
  await f.t.database.db
    .updateTable('groupMemberEvents')
    .set({ at: new Date(Date.parse(String(toIso(session.startsAt))) - 3_600_000).toISOString() })
    .where('groupMemberId', '=', memberId)
    .where('toStatus', '=', 'active')
    .execute();
  const clinician = f.people.clinician;
  const as = (method: 'POST' | 'PUT', url: string, payload?: object) =>
    f.t.app.inject({ method, url, headers: { cookie: clinician.cookie }, remoteAddress: clinician.ip, payload });
  const marked = await as('PUT', `/api/groups/${groupId}/sessions/${sessionId}/attendance`, {
    marks: [{ memberId, status: 'present' }],
  });
  if (marked.statusCode !== 204) throw new Error(`attendance: ${marked.body}`);
  const url = `/api/groups/${groupId}/sessions/${sessionId}/notes`;
  const started = await as('POST', url);
  if (started.statusCode !== 200) throw new Error(`notes: ${started.body}`);
  await as('PUT', `${url}/group`, { content: NOTE_GROUP_PART });
  await as('PUT', `${url}/members/${memberId}`, { content: NOTE_OWN_PART });
  return { url, memberId, noteId: started.json().notes[0].id as string, as };
}

/** A progress note the clinician principal signed; with `cosign`, it waits for the supervisor principal. */
async function signedNote(f: Fixture, cosign = false): Promise<string> {
  if (cosign)
    await f.t.app.inject({
      method: 'PUT',
      url: `/api/notes/signers/${f.people.clinician.userId}`,
      headers: { cookie: f.people.owner.cookie },
      remoteAddress: f.people.owner.ip,
      payload: { credential: 'LCSW', supervisorId: f.people.supervisor.userId },
    });
  const { url, noteId, as } = await startedNotes(f);
  const signed = await as('POST', `${url}/sign`);
  if (signed.statusCode !== 200) throw new Error(`sign: ${signed.body}`);
  return noteId;
}

const sharedSignedNotes = new WeakMap<Fixture, Promise<string>>();
/** One signed note per fixture, for routes that read it or add to it. */
function sharedSignedNote(f: Fixture): Promise<string> {
  if (!sharedSignedNotes.has(f)) sharedSignedNotes.set(f, signedNote(f));
  return sharedSignedNotes.get(f)!;
}

const CLINICAL_RECORD = {
  legalName: 'Matrix Legal',
  dateOfBirth: '1990-01-02',
  pronouns: '',
  address: '',
  diagnosisCodes: ['F41.1'],
  payer: { kind: 'self-pay', name: '', memberNumber: '' },
  goals: [{ words: 'Sleep better', measure: 'Six hours most nights' }],
};

/** A practice's billing settings that pass every check. */
const BILLING_SETTINGS = {
  billingName: 'Matrix Practice',
  address: '1 Matrix Street, Portland, ME',
  taxId: '12-3456789',
  npi: '1245319599',
  telehealthPlace: '10',
  fees: [{ cpt: '90853', feeCents: 6500 }],
};

const billingSetUps = new WeakMap<Fixture, Promise<unknown>>();
/** The practice's billing settings, saved once per fixture, so sessions can be billed. */
function billingSetUp(f: Fixture): Promise<unknown> {
  if (!billingSetUps.has(f))
    billingSetUps.set(
      f,
      f.t.app.inject({
        method: 'PUT',
        url: '/api/billing/settings',
        headers: { cookie: f.people.owner.cookie },
        remoteAddress: f.people.owner.ip,
        payload: BILLING_SETTINGS,
      }),
    );
  return billingSetUps.get(f)!;
}

/** A billing line of a fresh session whose note the clinician principal signed; optionally moved to a status. */
async function billedLine(f: Fixture, status?: string) {
  await billingSetUp(f);
  const noteId = await signedNote(f);
  const note = await f.t.database.db
    .selectFrom('progressNotes')
    .select(['groupId', 'sessionId', 'groupMemberId', 'userId'])
    .where('id', '=', noteId)
    .executeTakeFirstOrThrow();
  const created = await f.t.app.inject({
    method: 'POST',
    url: `/api/groups/${note.groupId}/sessions/${note.sessionId}/billing-lines`,
    headers: { cookie: f.people.clinician.cookie },
    remoteAddress: f.people.clinician.ip,
    payload: { lines: [{ memberId: note.groupMemberId }] },
  });
  if (created.statusCode !== 201) throw new Error(`billing line: ${created.body}`);
  const lineId = created.json().lines[0].id as string;
  if (status) await f.t.database.db.updateTable('billingLines').set({ status }).where('id', '=', lineId).execute();
  return { lineId, userId: note.userId! };
}

/** A range of days around every fixture session. */
const BILLING_RANGE = (() => {
  const day = (at: number) => new Date(at).toISOString().slice(0, 10);
  return { from: day(Date.now() - 60 * 86_400_000), to: day(Date.now() + 86_400_000) };
})();

/** A session of the clinical group happening now (started ten minutes ago); its id. */
let sessionsNow = 0;
/** A session that started a few minutes ago; each call gets its own start (a group has one session per start). */
async function sessionNow(f: Fixture): Promise<string> {
  sessionsNow += 1;
  return insertPastSession(
    f.t,
    { practiceId: f.practiceId, groupId: f.clinical.groupId },
    new Date(Date.now() - 10 * 60_000 - sessionsNow * 1000),
  );
}

const openRooms = new WeakMap<Fixture, Promise<string>>();
/** The clinical group's live room, opened by its clinician for a session now (the member is on its roster); its id. */
function liveRoom(f: Fixture): Promise<string> {
  let room = openRooms.get(f);
  if (!room) {
    room = (async () => {
      const sessionId = await sessionNow(f);
      const opened = await f.t.app.inject({
        method: 'POST',
        url: `/api/groups/${f.clinical.groupId}/sessions/${sessionId}/room`,
        headers: { cookie: f.people.clinician.cookie },
        remoteAddress: f.people.clinician.ip,
      });
      if (opened.statusCode !== 200) throw new Error(`room: ${opened.body}`);
      return opened.json().roomId as string;
    })();
    openRooms.set(f, room);
  }
  return room;
}

const MATRIX: Record<string, Entry> = {
  'GET /healthz': { allowed: 'public', request: () => ({ method: 'GET', url: '/healthz' }) },
  'GET /readyz': { allowed: 'public', request: () => ({ method: 'GET', url: '/readyz' }) },
  'GET /api/openapi.json': { allowed: 'public', request: () => ({ method: 'GET', url: '/api/openapi.json' }) },
  'GET /api/setup': { allowed: 'public', request: () => ({ method: 'GET', url: '/api/setup' }) },
  'POST /api/setup': { allowed: 'public', request: () => ({ method: 'POST', url: '/api/setup', payload: OWNER }) },
  'POST /api/session': {
    allowed: 'public',
    request: () => ({
      method: 'POST',
      url: '/api/session',
      payload: { email: OWNER.email, password: 'wrong password here' },
    }),
  },
  'POST /api/session/second-factor': {
    allowed: 'public',
    request: () => ({ method: 'POST', url: '/api/session/second-factor', payload: { code: '123456' } }),
  },
  'POST /api/password-reset': {
    allowed: 'public',
    request: () => ({ method: 'POST', url: '/api/password-reset', payload: { email: OWNER.email } }),
  },
  'POST /api/password-reset/complete': {
    allowed: 'public',
    request: () => ({
      method: 'POST',
      url: '/api/password-reset/complete',
      payload: { token: 'x'.repeat(24), password: 'a new long password' },
    }),
  },
  'POST /api/invitations/lookup': {
    allowed: 'public',
    request: () => ({ method: 'POST', url: '/api/invitations/lookup', payload: { token: `abc.${'y'.repeat(40)}` } }),
  },
  'POST /api/invitations/accept': {
    allowed: 'public',
    request: () => ({
      method: 'POST',
      url: '/api/invitations/accept',
      payload: { token: `abc.${'y'.repeat(40)}`, password: 'x' },
    }),
  },
  'GET /api/session': { allowed: SIGNED_IN, request: () => ({ method: 'GET', url: '/api/session' }) },
  'DELETE /api/session': {
    allowed: SIGNED_IN,
    ownFixture: true,
    request: () => ({ method: 'DELETE', url: '/api/session' }),
  },
  'PUT /api/session/practice': {
    allowed: SIGNED_IN.filter((p) => !FROM_ANOTHER_PRACTICE.includes(p)),
    request: (f) => ({ method: 'PUT', url: '/api/session/practice', payload: { practiceId: f.practiceId } }),
  },
  'GET /api/me/sessions': { allowed: SIGNED_IN, request: () => ({ method: 'GET', url: '/api/me/sessions' }) },
  'DELETE /api/me/sessions/:sessionId': {
    // The owner ends their own session; everyone else tries to end a bystander's.
    allowed: ['owner'],
    ownFixture: true,
    request: async (f, as) => {
      const userId = as === 'owner' ? f.people.owner.userId : f.bystander.userId;
      const session = await f.t.database.db
        .selectFrom('sessions')
        .select('id')
        .where('userId', '=', userId)
        .executeTakeFirstOrThrow();
      return { method: 'DELETE', url: `/api/me/sessions/${session.id}` };
    },
  },
  'POST /api/me/two-factor': {
    allowed: SIGNED_IN,
    ownFixture: true,
    request: () => ({ method: 'POST', url: '/api/me/two-factor', payload: { password: 'steady river pebble 77' } }),
    alsoFine: [409],
  },
  'POST /api/me/two-factor/confirm': {
    allowed: SIGNED_IN,
    ownFixture: true,
    request: () => ({ method: 'POST', url: '/api/me/two-factor/confirm', payload: { code: '000000' } }),
    alsoFine: [400],
  },
  'GET /api/practice': { allowed: SIGNED_IN, request: () => ({ method: 'GET', url: '/api/practice' }) },
  'GET /api/me/access-history': {
    allowed: SIGNED_IN,
    request: () => ({ method: 'GET', url: '/api/me/access-history' }),
  },
  'GET /api/realtime': {
    allowed: SIGNED_IN,
    // Without an upgrade the WebSocket route answers 404 to whoever passes authentication.
    request: () => ({ method: 'GET', url: '/api/realtime' }),
    alsoFine: [404],
  },
  'GET /api/people': { allowed: ADMINS, request: () => ({ method: 'GET', url: '/api/people' }) },
  'GET /api/outbox': { allowed: ADMINS, request: () => ({ method: 'GET', url: '/api/outbox' }) },
  'POST /api/people/invitations': {
    allowed: ADMINS,
    request: () => ({
      method: 'POST',
      url: '/api/people/invitations',
      payload: { email: `new-${Math.random()}@x.test`.replace('0.', ''), name: 'New', role: 'member' },
    }),
  },
  'DELETE /api/people/invitations/:invitationId': {
    allowed: THIS_PRACTICE_ADMINS,
    request: async (f) => ({ method: 'DELETE', url: `/api/people/invitations/${await f.freshInvitation()}` }),
  },
  'PUT /api/people/:userId/role': {
    allowed: THIS_PRACTICE_ADMINS,
    request: async (f) => ({
      method: 'PUT',
      url: `/api/people/${await f.freshMember()}/role`,
      payload: { role: 'clinician' },
    }),
  },
  'POST /api/people/:userId/disable': {
    allowed: THIS_PRACTICE_ADMINS,
    request: async (f) => ({ method: 'POST', url: `/api/people/${await f.freshMember()}/disable` }),
  },
  'POST /api/people/:userId/enable': {
    allowed: THIS_PRACTICE_ADMINS,
    request: async (f) => ({ method: 'POST', url: `/api/people/${await f.freshMember()}/enable` }),
  },
  'GET /api/groups': { allowed: STAFF, request: () => ({ method: 'GET', url: '/api/groups' }) },
  'POST /api/groups': {
    allowed: GROUP_LEADS,
    request: (f, as) => ({
      method: 'POST',
      url: '/api/groups',
      payload: groupBody(as === 'anonymous' ? 'nobody' : f.people[as].userId),
    }),
  },
  'GET /api/groups/facilitator-choices': {
    allowed: GROUP_LEADS,
    request: () => ({ method: 'GET', url: '/api/groups/facilitator-choices' }),
  },
  'GET /api/groups/:groupId': {
    allowed: ['owner', 'admin', 'clinician', 'supervisor'],
    request: async (f) => ({ method: 'GET', url: `/api/groups/${await f.freshGroup()}` }),
  },
  'PATCH /api/groups/:groupId': {
    allowed: ['owner', 'admin', 'clinician'],
    request: async (f) => ({ method: 'PATCH', url: `/api/groups/${await f.freshGroup()}`, payload: { capacity: 9 } }),
  },
  'GET /api/groups/:groupId/agreements': {
    allowed: ['owner', 'admin', 'clinician', 'supervisor'],
    request: async (f) => ({ method: 'GET', url: `/api/groups/${await f.freshGroup()}/agreements` }),
  },
  'GET /api/groups/:groupId/members': {
    allowed: ['owner', 'admin', 'clinician', 'supervisor'],
    request: (f) => ({ method: 'GET', url: `/api/groups/${f.clinical.groupId}/members` }),
  },
  'POST /api/groups/:groupId/members': {
    allowed: ['owner', 'admin', 'clinician'],
    request: async (f, as) => ({
      method: 'POST',
      url: `/api/groups/${await f.freshGroup()}/members`,
      payload: { name: 'Referred Person', email: `referred-${as}@people.test` },
    }),
  },
  'POST /api/groups/:groupId/members/:memberId/status': {
    allowed: ['owner', 'admin', 'clinician'],
    request: async (f) => {
      const { groupId, memberId } = await f.freshReferral();
      return {
        method: 'POST',
        url: `/api/groups/${groupId}/members/${memberId}/status`,
        payload: { status: 'waitlisted' },
      };
    },
  },
  'POST /api/groups/:groupId/members/:memberId/discharge': {
    allowed: ['owner', 'admin', 'clinician'],
    request: async (f) => {
      const { groupId, memberId } = await f.pastSession();
      return {
        method: 'POST',
        url: `/api/groups/${groupId}/members/${memberId}/discharge`,
        payload: { outcome: 'completed', reason: 'finished', summary: 'Came to every session.' },
      };
    },
  },
  'POST /api/groups/:groupId/closure': {
    allowed: ['owner', 'admin', 'clinician'],
    request: async (f) => ({ method: 'POST', url: `/api/groups/${await f.freshGroup()}/closure` }),
  },
  'PUT /api/groups/:groupId/archive': {
    allowed: ['owner', 'admin', 'clinician'],
    request: async (f) => ({ method: 'PUT', url: `/api/groups/${await f.freshGroup()}/archive` }),
  },
  'DELETE /api/groups/:groupId/archive': {
    allowed: ['owner', 'admin', 'clinician'],
    request: async (f) => ({ method: 'DELETE', url: `/api/groups/${await f.freshGroup()}/archive` }),
  },
  'PUT /api/groups/:groupId/self-referral-link': {
    allowed: ['owner', 'admin', 'clinician'],
    request: async (f) => ({ method: 'PUT', url: `/api/groups/${await f.freshGroup()}/self-referral-link` }),
  },
  'DELETE /api/groups/:groupId/self-referral-link': {
    allowed: ['owner', 'admin', 'clinician'],
    request: async (f) => ({ method: 'DELETE', url: `/api/groups/${await f.freshGroup()}/self-referral-link` }),
  },
  'GET /api/self-referral/:token': {
    allowed: 'public',
    request: () => ({ method: 'GET', url: `/api/self-referral/${'a'.repeat(24)}` }),
  },
  'POST /api/self-referral/:token': {
    allowed: 'public',
    request: () => ({
      method: 'POST',
      url: `/api/self-referral/${'a'.repeat(24)}`,
      payload: { name: 'Someone', email: 'someone@people.test', openedAt: '2026-01-01T00:00:00Z' },
    }),
  },
  'POST /api/self-referral-confirmations': {
    allowed: 'public',
    request: () => ({
      method: 'POST',
      url: '/api/self-referral-confirmations',
      payload: { token: `${crypto.randomUUID()}.${'a'.repeat(43)}` },
    }),
  },
  'POST /api/my/groups/:groupId/screening': {
    // Only someone referred to the group answers its questions; for everyone else it is not there,
    // and for its former member it is over.
    allowed: ['member'],
    formerMemberGets: 409,
    request: async (f, as) => ({
      method: 'POST',
      url: `/api/my/groups/${as === 'formerMember' ? f.clinical.groupId : await f.groupReferring(f.people.member)}/screening`,
      payload: { answers: ['Matrix answer', '', '', ''] },
    }),
  },
  'GET /api/groups/:groupId/members/:memberId/screening': {
    // Clinical: the group's clinician and the supervisor; an owner or admin sees the group, not this.
    allowed: ['clinician', 'supervisor'],
    refusedWith: 403,
    request: (f) => ({
      method: 'GET',
      url: `/api/groups/${f.clinical.groupId}/members/${f.clinical.applicantId}/screening`,
    }),
  },
  'GET /api/intake': {
    allowed: STAFF,
    request: async (f) => {
      await f.freshReferral();
      return { method: 'GET', url: '/api/intake' };
    },
  },
  'GET /api/my/groups': { allowed: SIGNED_IN, request: () => ({ method: 'GET', url: '/api/my/groups' }) },
  'POST /api/my/groups/:groupId/join': {
    // Only the member the group admitted may join it; for everyone else it is not there.
    allowed: ['member'],
    formerMemberGets: 409,
    request: async (f, as) => ({
      method: 'POST',
      url: `/api/my/groups/${as === 'formerMember' ? f.clinical.groupId : await f.groupAdmitting(f.people.member)}/join`,
      payload: { agreementVersion: 1, displayName: 'Matrix' },
    }),
  },
  'GET /api/groups/:groupId/schedule': {
    allowed: ['owner', 'admin', 'clinician', 'supervisor'],
    request: async (f) => ({ method: 'GET', url: `/api/groups/${await f.freshGroup()}/schedule` }),
  },
  'PUT /api/groups/:groupId/schedule': {
    allowed: ['owner', 'admin', 'clinician'],
    request: async (f) => ({
      method: 'PUT',
      url: `/api/groups/${await f.freshGroup()}/schedule`,
      payload: {
        rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=4',
        firstStart: `${new Date().getUTCFullYear() + 1}-01-05T18:00`,
        durationMinutes: 90,
        reminderMinutes: [1440],
      },
    }),
  },
  'GET /api/groups/:groupId/sessions': {
    allowed: ['owner', 'admin', 'clinician', 'supervisor'],
    request: async (f) => ({ method: 'GET', url: `/api/groups/${(await f.freshSession()).groupId}/sessions` }),
  },
  'POST /api/groups/:groupId/sessions': {
    allowed: ['owner', 'admin', 'clinician'],
    request: async (f) => ({
      method: 'POST',
      url: `/api/groups/${await f.freshGroup()}/sessions`,
      payload: { startsAt: `${new Date().getUTCFullYear() + 1}-02-02T10:00`, durationMinutes: 60 },
    }),
  },
  'PATCH /api/groups/:groupId/sessions/:sessionId': {
    allowed: ['owner', 'admin', 'clinician'],
    request: async (f) => {
      const { groupId, sessionId } = await f.freshSession();
      return { method: 'PATCH', url: `/api/groups/${groupId}/sessions/${sessionId}`, payload: { durationMinutes: 75 } };
    },
  },
  'PUT /api/groups/:groupId/sessions/:sessionId/cancellation': {
    allowed: ['owner', 'admin', 'clinician'],
    request: async (f) => {
      const { groupId, sessionId } = await f.freshSession();
      return {
        method: 'PUT',
        url: `/api/groups/${groupId}/sessions/${sessionId}/cancellation`,
        payload: { note: 'Matrix cancellation' },
      };
    },
  },
  'DELETE /api/groups/:groupId/sessions/:sessionId/cancellation': {
    allowed: ['owner', 'admin', 'clinician'],
    request: async (f) => {
      const { groupId, sessionId } = await f.freshSession();
      return { method: 'DELETE', url: `/api/groups/${groupId}/sessions/${sessionId}/cancellation` };
    },
  },
  'GET /api/groups/:groupId/sessions/:sessionId/attendance': {
    allowed: ['owner', 'admin', 'clinician', 'supervisor'],
    request: (f) => ({
      method: 'GET',
      url: `/api/groups/${f.clinical.groupId}/sessions/${f.clinical.sessionId}/attendance`,
    }),
  },
  'PUT /api/groups/:groupId/sessions/:sessionId/attendance': {
    allowed: ['owner', 'admin', 'clinician'],
    request: async (f) => {
      const { groupId, sessionId, memberId } = await f.pastSession();
      return {
        method: 'PUT',
        url: `/api/groups/${groupId}/sessions/${sessionId}/attendance`,
        payload: { marks: [{ memberId, status: 'present' }] },
      };
    },
  },
  'GET /api/groups/:groupId/sessions/:sessionId/notes': {
    // Clinical: the group's clinician and the supervisor; an owner or admin sees the group, not its notes.
    allowed: ['clinician', 'supervisor'],
    refusedWith: 403,
    request: (f) => ({
      method: 'GET',
      url: `/api/groups/${f.clinical.groupId}/sessions/${f.clinical.sessionId}/notes`,
    }),
  },
  'POST /api/groups/:groupId/sessions/:sessionId/notes': {
    allowed: ['clinician'],
    refusedWith: 403,
    request: async (f) => {
      const { groupId, sessionId } = await f.pastSession();
      return { method: 'POST', url: `/api/groups/${groupId}/sessions/${sessionId}/notes` };
    },
  },
  'PUT /api/groups/:groupId/sessions/:sessionId/notes/group': {
    allowed: ['clinician'],
    refusedWith: 403,
    request: async (f) => ({
      method: 'PUT',
      url: `${(await startedNotes(f)).url}/group`,
      payload: { content: NOTE_GROUP_PART },
    }),
  },
  'PUT /api/groups/:groupId/sessions/:sessionId/notes/members/:memberId': {
    allowed: ['clinician'],
    refusedWith: 403,
    request: async (f) => {
      const { url, memberId } = await startedNotes(f);
      return { method: 'PUT', url: `${url}/members/${memberId}`, payload: { content: NOTE_OWN_PART } };
    },
  },
  'POST /api/groups/:groupId/sessions/:sessionId/notes/sign': {
    allowed: ['clinician'],
    refusedWith: 403,
    request: async (f) => ({ method: 'POST', url: `${(await startedNotes(f)).url}/sign` }),
  },
  'GET /api/notes/to-do': { allowed: STAFF, request: () => ({ method: 'GET', url: '/api/notes/to-do' }) },
  'GET /api/notes/settings': { allowed: STAFF, request: () => ({ method: 'GET', url: '/api/notes/settings' }) },
  'PUT /api/notes/settings': {
    allowed: ADMINS,
    request: () => ({ method: 'PUT', url: '/api/notes/settings', payload: { template: 'DAP', signWithinDays: 3 } }),
  },
  'GET /api/notes/signers': { allowed: ADMINS, request: () => ({ method: 'GET', url: '/api/notes/signers' }) },
  'PUT /api/notes/signers/:userId': {
    allowed: THIS_PRACTICE_ADMINS,
    request: (f) => ({
      method: 'PUT',
      url: `/api/notes/signers/${f.people.clinician.userId}`,
      payload: { credential: 'LCSW', supervisorId: null },
    }),
  },
  'GET /api/notes/:noteId': {
    allowed: ['clinician', 'supervisor'],
    refusedWith: 403,
    request: async (f) => ({ method: 'GET', url: `/api/notes/${await sharedSignedNote(f)}` }),
  },
  'POST /api/notes/:noteId/cosign': {
    // Only the supervisor the note waits for; its own signer is refused (403), like an owner or admin.
    allowed: ['supervisor'],
    refusedWith: 403,
    request: async (f) => ({ method: 'POST', url: `/api/notes/${await signedNote(f, true)}/cosign` }),
  },
  'POST /api/notes/:noteId/addenda': {
    allowed: ['clinician', 'supervisor'],
    refusedWith: 403,
    request: async (f) => ({
      method: 'POST',
      url: `/api/notes/${await sharedSignedNote(f)}/addenda`,
      payload: { text: 'Matrix addendum' },
    }),
  },
  'POST /api/notes/:noteId/release': {
    allowed: ['clinician'],
    refusedWith: 403,
    request: async (f) => ({ method: 'POST', url: `/api/notes/${await signedNote(f)}/release` }),
  },
  'GET /api/people/:userId/clinical-record': {
    allowed: ['clinician', 'supervisor'],
    refusedWith: 403,
    request: (f) => ({ method: 'GET', url: `/api/people/${f.people.member.userId}/clinical-record` }),
  },
  'PUT /api/people/:userId/clinical-record': {
    allowed: ['clinician', 'supervisor'],
    refusedWith: 403,
    request: (f) => ({
      method: 'PUT',
      url: `/api/people/${f.people.member.userId}/clinical-record`,
      payload: CLINICAL_RECORD,
    }),
  },
  'GET /api/my/notes': { allowed: MEMBERS, request: () => ({ method: 'GET', url: '/api/my/notes' }) },
  'POST /api/groups/:groupId/sessions/:sessionId/room': {
    // The group's own facilitator; staff who see the group but do not facilitate it are refused.
    allowed: ['clinician'],
    refusedWith: 403,
    request: async (f) => ({
      method: 'POST',
      url: `/api/groups/${f.clinical.groupId}/sessions/${await sessionNow(f)}/room`,
    }),
  },
  'GET /api/groups/:groupId/sessions/:sessionId/room': {
    allowed: ['owner', 'admin', 'clinician', 'supervisor'],
    request: async (f) => {
      await liveRoom(f);
      return { method: 'GET', url: `/api/groups/${f.clinical.groupId}/sessions/${f.clinical.sessionId}/room` };
    },
  },
  'GET /api/my/rooms': { allowed: SIGNED_IN, request: () => ({ method: 'GET', url: '/api/my/rooms' }) },
  'GET /api/rooms/:roomId': {
    // Its roster and its facilitators; nobody else, in this practice or another.
    allowed: ['clinician', 'member'],
    request: async (f) => ({ method: 'GET', url: `/api/rooms/${await liveRoom(f)}` }),
  },
  'GET /api/rooms/:roomId/video': {
    // The room's rule: its roster and its facilitators (video is off in the matrix's app: no Janus).
    allowed: ['clinician', 'member'],
    request: async (f) => ({ method: 'GET', url: `/api/rooms/${await liveRoom(f)}/video` }),
  },
  'POST /api/rooms/:roomId/video/join': {
    // Allowed through to the room's own refusals: video off here, and the member still waiting.
    allowed: ['clinician', 'member'],
    alsoFine: [409],
    request: async (f) => ({ method: 'POST', url: `/api/rooms/${await liveRoom(f)}/video/join` }),
  },
  'GET /api/rooms/:roomId/summary': {
    allowed: CLINICAL_READERS,
    request: async (f) => ({ method: 'GET', url: `/api/rooms/${await liveRoom(f)}/summary` }),
  },
  'GET /api/rooms/:roomId/back-channel': {
    allowed: CLINICAL_READERS,
    request: async (f) => ({ method: 'GET', url: `/api/rooms/${await liveRoom(f)}/back-channel` }),
  },
  'GET /api/rooms/:roomId/check-out': {
    // The check-out has not started in the matrix's room: the member is told so.
    allowed: ['member'],
    alsoFine: [409],
    request: async (f) => ({ method: 'GET', url: `/api/rooms/${await liveRoom(f)}/check-out` }),
  },
  'POST /api/rooms/:roomId/check-out': {
    allowed: ['member'],
    alsoFine: [409],
    request: async (f) => ({
      method: 'POST',
      url: `/api/rooms/${await liveRoom(f)}/check-out`,
      payload: { answers: { heard: 8, safe: 8, mattered: 7, fit: 7 } },
    }),
  },
  'GET /api/groups/:groupId/attendance': {
    allowed: ['owner', 'admin', 'clinician', 'supervisor'],
    request: (f) => ({ method: 'GET', url: `/api/groups/${f.clinical.groupId}/attendance` }),
  },
  'GET /api/groups/:groupId/alerts': {
    // An owner or admin gets the list, without the alerts naming members (none escalated here).
    allowed: ['owner', 'admin', 'clinician', 'supervisor'],
    request: (f) => ({ method: 'GET', url: `/api/groups/${f.clinical.groupId}/alerts` }),
  },
  'POST /api/groups/:groupId/alerts/:alertId/resolution': {
    // The group's clinician; an owner or admin only for an alert escalated to them.
    allowed: ['clinician'],
    request: async (f) => {
      const { groupId, alertId } = await f.freshAlert();
      return {
        method: 'POST',
        url: `/api/groups/${groupId}/alerts/${alertId}/resolution`,
        payload: { outcome: 'Called them.' },
      };
    },
  },
  'GET /api/agenda': {
    allowed: STAFF,
    request: async (f) => {
      await f.freshSession();
      return { method: 'GET', url: '/api/agenda' };
    },
  },
  'GET /api/my/sessions': { allowed: SIGNED_IN, request: () => ({ method: 'GET', url: '/api/my/sessions' }) },
  'PUT /api/my/groups/:groupId/reminders': {
    // The group's own member, and its facilitator; for everyone else it is not there.
    allowed: ['member', 'clinician'],
    formerMemberGets: 409,
    request: async (f, as) => ({
      method: 'PUT',
      url: `/api/my/groups/${as === 'formerMember' ? f.clinical.groupId : await f.groupJoined(f.people.member)}/reminders`,
      payload: { on: false },
    }),
  },
  'GET /api/me/calendar-feed': { allowed: SIGNED_IN, request: () => ({ method: 'GET', url: '/api/me/calendar-feed' }) },
  'POST /api/me/calendar-feed': {
    allowed: SIGNED_IN,
    request: () => ({ method: 'POST', url: '/api/me/calendar-feed' }),
  },
  'DELETE /api/me/calendar-feed': {
    allowed: SIGNED_IN,
    request: async (f, as) => {
      // Each principal first makes a feed of their own, so there is one to turn off.
      if (as !== 'anonymous')
        await f.t.app.inject({
          method: 'POST',
          url: '/api/me/calendar-feed',
          headers: { cookie: f.people[as].cookie },
          remoteAddress: f.people[as].ip,
        });
      return { method: 'DELETE', url: '/api/me/calendar-feed' };
    },
  },
  'POST /api/me/data-exports': {
    allowed: SIGNED_IN,
    request: () => ({ method: 'POST', url: '/api/me/data-exports' }),
  },
  'GET /api/me/data-exports': { allowed: SIGNED_IN, request: () => ({ method: 'GET', url: '/api/me/data-exports' }) },
  'GET /api/me/data-exports/:exportId/archive': {
    // Only its owner: the member downloads their own archive; for everyone else it is not there.
    allowed: ['member'],
    request: async (f) => {
      const asked = await f.t.app.inject({
        method: 'POST',
        url: '/api/me/data-exports',
        headers: { cookie: f.people.member.cookie },
        remoteAddress: f.people.member.ip,
      });
      await f.t.app.jobs.runDue();
      return { method: 'GET', url: `/api/me/data-exports/${asked.json<{ id: string }>().id}/archive` };
    },
  },
  'GET /api/calendar/feed.ics': {
    allowed: 'public',
    request: () => ({ method: 'GET', url: `/api/calendar/feed.ics?token=${'z'.repeat(43)}` }),
  },
  'GET /api/alerts': { allowed: STAFF, request: () => ({ method: 'GET', url: '/api/alerts' }) },
  'POST /api/groups/:groupId/alerts/:alertId/acknowledgement': {
    // The group's clinician; an owner or admin only for an alert escalated to them.
    allowed: ['clinician'],
    request: async (f) => {
      const { groupId, alertId } = await f.freshAlert();
      return { method: 'POST', url: `/api/groups/${groupId}/alerts/${alertId}/acknowledgement` };
    },
  },
  'GET /api/groups/:groupId/space': {
    allowed: SPACE_READERS,
    formerMemberGets: 409,
    request: (f) => ({ method: 'GET', url: `/api/groups/${f.clinical.groupId}/space` }),
  },
  'POST /api/groups/:groupId/space/threads': {
    allowed: SPACE_WRITERS,
    refusedWith: 403,
    formerMemberGets: 409,
    request: (f) => ({
      method: 'POST',
      url: `/api/groups/${f.clinical.groupId}/space/threads`,
      payload: { title: 'Matrix', body: 'Hello' },
    }),
  },
  'POST /api/groups/:groupId/space/posts/:postId/replies': {
    allowed: SPACE_WRITERS,
    refusedWith: 403,
    formerMemberGets: 409,
    request: async (f) => ({
      method: 'POST',
      url: `/api/groups/${f.clinical.groupId}/space/posts/${await freshThread(f)}/replies`,
      payload: { body: 'Hello' },
    }),
  },
  'PUT /api/groups/:groupId/space/posts/:postId/reactions/:kind': {
    allowed: SPACE_WRITERS,
    refusedWith: 403,
    formerMemberGets: 409,
    request: async (f) => ({
      method: 'PUT',
      url: `/api/groups/${f.clinical.groupId}/space/posts/${await freshThread(f)}/reactions/me-too`,
    }),
  },
  'DELETE /api/groups/:groupId/space/posts/:postId/reactions/:kind': {
    allowed: SPACE_WRITERS,
    refusedWith: 403,
    formerMemberGets: 409,
    request: async (f) => ({
      method: 'DELETE',
      url: `/api/groups/${f.clinical.groupId}/space/posts/${await freshThread(f)}/reactions/me-too`,
    }),
  },
  'POST /api/groups/:groupId/space/posts/:postId/reports': {
    // Members report; facilitators hide.
    allowed: ['member'],
    refusedWith: 403,
    formerMemberGets: 409,
    request: async (f) => ({
      method: 'POST',
      url: `/api/groups/${f.clinical.groupId}/space/posts/${await freshThread(f)}/reports`,
      payload: { reason: 'Matrix' },
    }),
  },
  'POST /api/groups/:groupId/space/read': {
    allowed: SPACE_READERS,
    formerMemberGets: 409,
    request: (f) => ({ method: 'POST', url: `/api/groups/${f.clinical.groupId}/space/read` }),
  },
  'PUT /api/groups/:groupId/space/digest': {
    allowed: ['member'],
    formerMemberGets: 409,
    request: (f) => ({
      method: 'PUT',
      url: `/api/groups/${f.clinical.groupId}/space/digest`,
      payload: { digest: 'weekly' },
    }),
  },
  'GET /api/groups/:groupId/space/queue': {
    allowed: ['clinician', 'supervisor'],
    refusedWith: 403,
    request: (f) => ({ method: 'GET', url: `/api/groups/${f.clinical.groupId}/space/queue` }),
  },
  'POST /api/groups/:groupId/space/posts/:postId/moderation': {
    allowed: ['clinician'],
    refusedWith: 403,
    request: async (f) => ({
      method: 'POST',
      url: `/api/groups/${f.clinical.groupId}/space/posts/${await freshThread(f)}/moderation`,
      payload: { action: 'pin' },
    }),
  },
  'POST /api/groups/:groupId/space/reports/:reportId/resolution': {
    allowed: ['clinician'],
    refusedWith: 403,
    request: async (f) => ({
      method: 'POST',
      url: `/api/groups/${f.clinical.groupId}/space/reports/${await freshSpaceReport(f)}/resolution`,
      payload: { outcome: 'Spoke with them.' },
    }),
  },
  'PUT /api/groups/:groupId/space/settings': {
    allowed: ['clinician'],
    refusedWith: 403,
    request: (f) => ({
      method: 'PUT',
      url: `/api/groups/${f.clinical.groupId}/space/settings`,
      payload: { anonymousAllowed: true, premoderateFirst: 0, readingHours: null, quietFrom: null, quietUntil: null },
    }),
  },
  'GET /api/instruments': { allowed: STAFF, request: () => ({ method: 'GET', url: '/api/instruments' }) },
  'POST /api/instruments': {
    allowed: GROUP_LEADS,
    request: () => ({
      method: 'POST',
      url: '/api/instruments',
      payload: {
        name: 'Matrix scale',
        shortName: 'Matrix',
        stem: 'This week:',
        purpose: 'outcome',
        scoring: 'sum',
        direction: 'higher-is-worse',
        options: [
          { value: 0, label: 'No' },
          { value: 1, label: 'Yes' },
        ],
        items: ['One question'],
        bands: [{ min: 0, max: 1, label: 'All' }],
      },
    }),
  },
  'GET /api/groups/:groupId/measures': {
    allowed: ['owner', 'admin', 'clinician', 'supervisor'],
    request: async (f) => ({ method: 'GET', url: `/api/groups/${await f.freshGroup()}/measures` }),
  },
  'PUT /api/groups/:groupId/measures': {
    allowed: ['owner', 'admin', 'clinician'],
    request: async (f) => ({
      method: 'PUT',
      url: `/api/groups/${await f.freshGroup()}/measures`,
      payload: { measures: [{ instrumentId: 'phq-9', cadence: 'admission', main: true }] },
    }),
  },
  'GET /api/groups/:groupId/outcomes': {
    // An owner or admin gets aggregates only.
    allowed: ['owner', 'admin', 'clinician', 'supervisor'],
    request: (f) => ({ method: 'GET', url: `/api/groups/${f.clinical.groupId}/outcomes` }),
  },
  'GET /api/groups/:groupId/outcomes.csv': {
    // Members' answers leave only with the group's own clinicians; an owner or admin sees the
    // group but gets totals only.
    allowed: ['clinician'],
    refusedWith: 403,
    request: (f) => ({ method: 'GET', url: `/api/groups/${f.clinical.groupId}/outcomes.csv` }),
  },
  'GET /api/groups/:groupId/outcomes.fhir.json': {
    // Members' answers leave only with the group's own clinicians; an owner or admin sees the
    // group but gets totals only.
    allowed: ['clinician'],
    refusedWith: 403,
    request: (f) => ({ method: 'GET', url: `/api/groups/${f.clinical.groupId}/outcomes.fhir.json` }),
  },
  'GET /api/my/measures': { allowed: SIGNED_IN, request: () => ({ method: 'GET', url: '/api/my/measures' }) },
  'GET /api/my/measures/:formId': {
    // Only the member whose form it is (a former member still reads their own); for everyone
    // else, staff included, it is not there.
    allowed: ['member', 'formerMember'],
    request: async (f, as) => ({
      method: 'GET',
      url: `/api/my/measures/${as === 'formerMember' ? f.clinical.formerMemberForm : (await f.memberForm()).formId}`,
    }),
  },
  'PUT /api/my/measures/:formId/answers': {
    // A former member answers nothing more, and so raises no alert.
    allowed: ['member'],
    formerMemberGets: 409,
    request: async (f, as) => ({
      method: 'PUT',
      url: `/api/my/measures/${as === 'formerMember' ? f.clinical.formerMemberForm : (await f.memberForm()).formId}/answers`,
      payload: { answers: { 1: 1 } },
    }),
  },
  'POST /api/my/measures/:formId/submission': {
    allowed: ['member'],
    formerMemberGets: 409,
    request: async (f, as) => ({
      method: 'POST',
      url: `/api/my/measures/${as === 'formerMember' ? f.clinical.formerMemberForm : (await f.memberForm()).formId}/submission`,
      payload: { answers: { 1: 0, 2: 0 } },
    }),
  },
  'GET /api/my/progress': { allowed: SIGNED_IN, request: () => ({ method: 'GET', url: '/api/my/progress' }) },
  'GET /api/skills/cards': { allowed: SIGNED_IN, request: () => ({ method: 'GET', url: '/api/skills/cards' }) },
  'GET /api/skills/cards/:cardId': {
    // A practice's own card: anyone in the practice (the live room shows it); another practice's is not there.
    allowed: SIGNED_IN.filter((p) => !FROM_ANOTHER_PRACTICE.includes(p)),
    request: async (f) => ({ method: 'GET', url: `/api/skills/cards/${await practiceCard(f)}` }),
  },
  'POST /api/skills/cards': {
    allowed: GROUP_LEADS,
    request: () => ({ method: 'POST', url: '/api/skills/cards', payload: CARD_BODY }),
  },
  'PUT /api/skills/cards/:cardId': {
    allowed: ['owner', 'admin', 'clinician', 'clinicianOfAnotherGroup'],
    request: async (f) => ({ method: 'PUT', url: `/api/skills/cards/${await practiceCard(f)}`, payload: CARD_BODY }),
  },
  'GET /api/groups/:groupId/skills': {
    // An owner or admin gets the group's totals only.
    allowed: ['owner', 'admin', 'clinician', 'supervisor'],
    request: (f) => ({ method: 'GET', url: `/api/groups/${f.clinical.groupId}/skills` }),
  },
  'POST /api/groups/:groupId/skills/assignments': {
    allowed: ['owner', 'admin', 'clinician'],
    request: async (f) => ({
      method: 'POST',
      url: `/api/groups/${await f.freshGroup()}/skills/assignments`,
      payload: { cardId: 'hearth.i-statements' },
    }),
  },
  'GET /api/my/skills': { allowed: MEMBERS, request: () => ({ method: 'GET', url: '/api/my/skills' }) },
  'POST /api/my/skills/logs': {
    // Only a member practising in the group; for everyone else it is not there, for its former member it is over.
    allowed: ['member'],
    formerMemberGets: 409,
    request: async (f, as) => {
      const groupId = as === 'formerMember' ? f.clinical.groupId : await assignedGroup(f);
      return { method: 'POST', url: '/api/my/skills/logs', payload: practiceLog(groupId, 'private') };
    },
  },
  'GET /api/my/skills/logs/:logId': {
    // Only its author; for everyone else, staff included, it is not there.
    allowed: ['member'],
    request: async (f) => ({ method: 'GET', url: `/api/my/skills/logs/${await ownLog(f, f.people.member)}` }),
  },
  'PATCH /api/my/skills/logs/:logId': {
    allowed: ['member'],
    request: async (f) => ({
      method: 'PATCH',
      url: `/api/my/skills/logs/${await ownLog(f, f.people.member)}`,
      payload: { visibility: 'private' },
    }),
  },
  'GET /api/my/groups/:groupId/skills/shared': {
    // The group's members; its former member sees it no more.
    allowed: ['member'],
    formerMemberGets: 409,
    request: (f) => ({ method: 'GET', url: `/api/my/groups/${f.clinical.groupId}/skills/shared` }),
  },
  'POST /api/my/skills/logs/:logId/feedback': {
    // A peer in the group the entry was shared with; for everyone else it is not there.
    allowed: ['member'],
    request: async (f) => ({
      method: 'POST',
      url: `/api/my/skills/logs/${await peerSharedLog(f)}/feedback`,
      payload: { worked: 'You stayed calm.', tryNext: 'Ask what would help.' },
    }),
  },
  // The fixture's language stays English: the matrix's other answers are read in it.
  'PUT /api/practice/default-locale': {
    allowed: ADMINS,
    request: () => ({ method: 'PUT', url: '/api/practice/default-locale', payload: { defaultLocale: 'en' } }),
  },
  // The fixture's country stays the US: the matrix reads nothing that depends on it.
  'PUT /api/practice/country': {
    allowed: ADMINS,
    request: () => ({ method: 'PUT', url: '/api/practice/country', payload: { country: 'US' } }),
  },
  'PUT /api/me/preferences': {
    allowed: SIGNED_IN,
    request: () => ({ method: 'PUT', url: '/api/me/preferences', payload: { timeZone: 'Europe/London' } }),
  },
  'GET /api/practice/safety': { allowed: ADMINS, request: () => ({ method: 'GET', url: '/api/practice/safety' }) },
  'PUT /api/practice/safety': {
    allowed: ADMINS,
    request: () => ({
      method: 'PUT',
      url: '/api/practice/safety',
      payload: { backupClinicianId: null, escalationMinutes: 30 },
    }),
  },
  'GET /api/practice/retention': {
    allowed: ADMINS,
    request: () => ({ method: 'GET', url: '/api/practice/retention' }),
  },
  'PUT /api/practice/retention': {
    allowed: ADMINS,
    request: () => ({
      method: 'PUT',
      url: '/api/practice/retention',
      payload: { clinicalYears: 7, jurisdictionNote: '', auditYears: 7, outboxDays: 30, signInDays: 30 },
    }),
  },
  'GET /api/my/retention': { allowed: SIGNED_IN, request: () => ({ method: 'GET', url: '/api/my/retention' }) },
  // A member's own request: every member principal has one of their own, staff none.
  'GET /api/my/erasure-request': {
    allowed: MEMBERS,
    request: () => ({ method: 'GET', url: '/api/my/erasure-request' }),
  },
  'POST /api/my/erasure-request': {
    allowed: MEMBERS,
    // Already asked (the same principal on the other engine's run, or a repeat).
    alsoFine: [409],
    request: () => ({ method: 'POST', url: '/api/my/erasure-request', payload: { reason: 'Matrix' } }),
  },
  'POST /api/my/erasure-request/withdraw': {
    allowed: MEMBERS,
    // Nothing waiting to withdraw.
    alsoFine: [409],
    request: () => ({ method: 'POST', url: '/api/my/erasure-request/withdraw' }),
  },
  // The crisis-language lexicon (decision 0041): staff who run groups read and test; admins edit.
  'GET /api/lexicon': { allowed: GROUP_LEADS, request: () => ({ method: 'GET', url: '/api/lexicon' }) },
  'POST /api/lexicon/rules': {
    allowed: ADMINS,
    request: () => ({
      method: 'POST',
      url: '/api/lexicon/rules',
      payload: {
        phrase: `matrix phrase ${crypto.randomUUID().slice(0, 8)}`,
        category: 'self_harm',
        language: 'en',
        level: 'urgent',
      },
    }),
  },
  // Each request edits a fresh rule of this practice: another practice's admins get 404.
  'PUT /api/lexicon/rules/:ruleId': {
    allowed: THIS_PRACTICE_ADMINS,
    request: async (f) => ({
      method: 'PUT',
      url: `/api/lexicon/rules/${await freshCrisisRule(f)}`,
      payload: {
        phrase: `edited phrase ${crypto.randomUUID().slice(0, 8)}`,
        category: 'suicide',
        language: 'es',
        level: 'flag',
        enabled: false,
      },
    }),
  },
  'POST /api/lexicon/test': {
    allowed: GROUP_LEADS,
    request: () => ({ method: 'POST', url: '/api/lexicon/test', payload: { text: 'I want to die' } }),
  },
  'GET /api/erasure-requests': { allowed: ADMINS, request: () => ({ method: 'GET', url: '/api/erasure-requests' }) },
  // Deciding erases or answers someone: each request is a fresh member's, never a principal's.
  'POST /api/erasure-requests/:requestId/approve': {
    allowed: THIS_PRACTICE_ADMINS,
    request: async (f) => ({ method: 'POST', url: `/api/erasure-requests/${await freshErasureRequest(f)}/approve` }),
  },
  'POST /api/erasure-requests/:requestId/decline': {
    allowed: THIS_PRACTICE_ADMINS,
    request: async (f) => ({
      method: 'POST',
      url: `/api/erasure-requests/${await freshErasureRequest(f)}/decline`,
      payload: { reason: 'Your records are part of an open complaint.' },
    }),
  },
  // A member's own safety plan (docs/safety-plan.md): every member principal has their own.
  'GET /api/my/safety-plan': { allowed: MEMBERS, request: () => ({ method: 'GET', url: '/api/my/safety-plan' }) },
  'PUT /api/my/safety-plan': {
    allowed: MEMBERS,
    request: async (f, as) => ({
      method: 'PUT',
      url: '/api/my/safety-plan',
      payload: { plan: MATRIX_PLAN, baseVersion: as === 'anonymous' ? 0 : await planVersionOf(f, f.people[as].userId) },
    }),
  },
  'GET /api/my/safety-plan.pdf': {
    allowed: MEMBERS,
    request: () => ({ method: 'GET', url: '/api/my/safety-plan.pdf' }),
  },
  // The member's plan: their group's facilitator and the practice's supervisor read it, and the
  // member their own; nobody else (another member asking by id: 404).
  'GET /api/people/:userId/safety-plan': {
    allowed: ['clinician', 'supervisor', 'member'],
    request: (f) => ({ method: 'GET', url: `/api/people/${f.people.member.userId}/safety-plan` }),
  },
  // Written with the member by their group's facilitator (or by the member, their own); a
  // supervisor reads but does not write (403); for everyone else the plan is not there (404).
  'PUT /api/people/:userId/safety-plan': {
    allowed: ['clinician', 'member'],
    refusedWith: { supervisor: 403 },
    request: async (f) => ({
      method: 'PUT',
      url: `/api/people/${f.people.member.userId}/safety-plan`,
      payload: { plan: MATRIX_PLAN, baseVersion: await planVersionOf(f, f.people.member.userId) },
    }),
  },
  // Reflection aids: private to the member; an item is reachable only by its owner (the member
  // principal's own item, made fresh for each request).
  'GET /api/my/ifs': { allowed: MEMBERS, request: () => ({ method: 'GET', url: '/api/my/ifs' }) },
  'POST /api/my/ifs': {
    allowed: MEMBERS,
    request: () => ({ method: 'POST', url: '/api/my/ifs', payload: MATRIX_CHECK }),
  },
  'PUT /api/my/ifs/:itemId': {
    allowed: ['member'],
    request: async (f) => ({ method: 'PUT', url: `/api/my/ifs/${await freshIfsItem(f)}`, payload: MATRIX_CHECK }),
  },
  'PUT /api/my/ifs/:itemId/sharing': {
    allowed: ['member'],
    request: async (f) => ({
      method: 'PUT',
      url: `/api/my/ifs/${await freshIfsItem(f)}/sharing`,
      payload: { shared: true },
    }),
  },
  'DELETE /api/my/ifs/:itemId': {
    allowed: ['member'],
    request: async (f) => ({ method: 'DELETE', url: `/api/my/ifs/${await freshIfsItem(f)}` }),
  },
  // What the member shared: their group's facilitator only (not a supervisor, never a peer).
  'GET /api/people/:userId/ifs': {
    allowed: ['clinician'],
    request: (f) => ({ method: 'GET', url: `/api/people/${f.people.member.userId}/ifs` }),
  },
  'GET /api/audit': { allowed: ADMINS, request: () => ({ method: 'GET', url: '/api/audit' }) },
  'GET /api/audit/export': { allowed: ADMINS, request: () => ({ method: 'GET', url: '/api/audit/export' }) },
  'GET /api/audit/verification': {
    allowed: ADMINS,
    request: () => ({ method: 'GET', url: '/api/audit/verification' }),
  },
  'GET /api/billing/settings': {
    // Everyone who runs groups reads their own practice's; a clinician sees only their own identifiers.
    allowed: GROUP_LEADS,
    request: () => ({ method: 'GET', url: '/api/billing/settings' }),
  },
  'PUT /api/billing/settings': {
    allowed: ADMINS,
    request: () => ({ method: 'PUT', url: '/api/billing/settings', payload: BILLING_SETTINGS }),
  },
  'PUT /api/billing/clinicians/:userId': {
    // The clinician's own, or an owner or admin of their practice; for anyone else they are not there.
    allowed: ['owner', 'admin', 'clinician'],
    request: (f) => ({
      method: 'PUT',
      url: `/api/billing/clinicians/${f.people.clinician.userId}`,
      payload: { npi: '1234567893', licence: 'LCSW 1', taxonomy: '1041C0700X' },
    }),
  },
  'GET /api/billing/lines': {
    // Everyone who runs groups, in their own practice: owners and admins all lines, a clinician their groups'.
    allowed: GROUP_LEADS,
    request: () => ({ method: 'GET', url: `/api/billing/lines?from=${BILLING_RANGE.from}&to=${BILLING_RANGE.to}` }),
  },
  'GET /api/groups/:groupId/sessions/:sessionId/billing-lines': {
    allowed: ['owner', 'admin', 'clinician'],
    request: (f) => ({
      method: 'GET',
      url: `/api/groups/${f.clinical.groupId}/sessions/${f.clinical.sessionId}/billing-lines`,
    }),
  },
  'POST /api/groups/:groupId/sessions/:sessionId/billing-lines': {
    allowed: ['owner', 'admin', 'clinician'],
    request: async (f) => {
      await billingSetUp(f);
      const { url, memberId } = await startedNotes(f);
      return { method: 'POST', url: url.replace(/\/notes$/, '/billing-lines'), payload: { lines: [{ memberId }] } };
    },
  },
  'POST /api/billing/lines/:lineId/outcome': {
    allowed: ['owner', 'admin', 'clinician'],
    request: async (f) => {
      const { lineId } = await billedLine(f, 'exported');
      return { method: 'POST', url: `/api/billing/lines/${lineId}/outcome`, payload: { status: 'paid' } };
    },
  },
  'POST /api/billing/exports': {
    // Each exports what is ready in their own practice and groups; nothing ready is a 409.
    allowed: GROUP_LEADS,
    alsoFine: [409],
    request: () => ({ method: 'POST', url: '/api/billing/exports', payload: BILLING_RANGE }),
  },
  'GET /api/billing/people/:userId/superbill.pdf': {
    allowed: ['owner', 'admin', 'clinician'],
    request: async (f) => {
      // Exported: the clinician's notes may by now wait for a co-signature, which keeps a line from being ready.
      const { userId } = await billedLine(f, 'exported');
      return {
        method: 'GET',
        url: `/api/billing/people/${userId}/superbill.pdf?from=${BILLING_RANGE.from}&to=${BILLING_RANGE.to}`,
      };
    },
  },
  'GET /api/notes/:noteId/pdf': {
    // Those who read the note; an owner or admin sees the group but not its notes: not there (404).
    allowed: ['clinician', 'supervisor'],
    request: async (f) => ({ method: 'GET', url: `/api/notes/${await sharedSignedNote(f)}/pdf` }),
  },
};

/** Routes served by plugins for everyone: the API documentation pages. */
const isPublicDocs = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/');

async function buildFixture(engine: Engine): Promise<Fixture> {
  const t = await createTestApp(engine);
  const owner = await setUpPractice(t.app);
  const practiceId = await setupPracticeId(t);
  let n = 0;
  const add = (role: Role, practice = practiceId) =>
    addPerson(t, { email: `${role}-${++n}@people.test`, role, practiceId: practice });
  const admin = await add('admin');
  const clinician = await add('clinician');
  const supervisor = await add('supervisor');
  const member = await add('member');
  const ownerOfAnotherPractice = await addPerson(t, { email: `other-owner@elsewhere.test`, role: 'owner' });
  const clinicianOfAnotherPractice = await add('clinician', ownerOfAnotherPractice.practiceId);
  const removedMember = await add('member');
  await t.database.db.deleteFrom('practiceMembers').where('userId', '=', removedMember.userId).execute();
  const disabledMember = await add('member');
  await t.app.inject({
    method: 'POST',
    url: `/api/people/${disabledMember.userId}/disable`,
    headers: { cookie: owner.cookie },
  });
  const bystander = await add('member');
  const memberOfAnotherGroup = await add('member');
  const clinicianOfAnotherGroup = await add('clinician');
  const formerMember = await add('member');
  const freshGroup = async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/groups',
      headers: { cookie: owner.cookie },
      payload: groupBody(clinician.userId),
    });
    if (response.statusCode !== 201) throw new Error(`group: ${response.body}`);
    return response.json().id as string;
  };
  const fixture: Fixture = {
    t,
    practiceId,
    bystander,
    people: {
      owner,
      admin,
      clinician,
      supervisor,
      member,
      ownerOfAnotherPractice,
      clinicianOfAnotherPractice,
      removedMember,
      disabledMember,
      memberOfAnotherGroup,
      clinicianOfAnotherGroup,
      formerMember,
    },
    clinical: undefined as unknown as Fixture['clinical'],
    freshMember: async () => (await add('member')).userId,
    freshGroup,
    freshReferral: async () => {
      const groupId = await freshGroup();
      const referral = await t.app.inject({
        method: 'POST',
        url: `/api/groups/${groupId}/members`,
        headers: { cookie: owner.cookie },
        payload: { name: 'Referred', email: `referral-${++n}@people.test` },
      });
      return { groupId, memberId: referral.json().id as string };
    },
    groupReferring: async (person) => {
      const groupId = await freshGroup();
      const user = await t.database.db
        .selectFrom('users')
        .select('email')
        .where('id', '=', person.userId)
        .executeTakeFirstOrThrow();
      await t.app.inject({
        method: 'POST',
        url: `/api/groups/${groupId}/members`,
        headers: { cookie: owner.cookie },
        payload: { name: 'Member', email: user.email },
      });
      return groupId;
    },
    groupAdmitting: async (person) => {
      const groupId = await freshGroup();
      const user = await t.database.db
        .selectFrom('users')
        .select('email')
        .where('id', '=', person.userId)
        .executeTakeFirstOrThrow();
      const referral = await t.app.inject({
        method: 'POST',
        url: `/api/groups/${groupId}/members`,
        headers: { cookie: owner.cookie },
        payload: { name: 'Member', email: user.email },
      });
      await t.app.inject({
        method: 'POST',
        url: `/api/groups/${groupId}/members/${referral.json().id}/status`,
        headers: { cookie: owner.cookie },
        payload: { status: 'admitted' },
      });
      return groupId;
    },
    groupJoined: async (person) => {
      const groupId = await fixture.groupAdmitting(person);
      await t.app.inject({
        method: 'POST',
        url: `/api/my/groups/${groupId}/join`,
        headers: { cookie: person.cookie },
        remoteAddress: person.ip,
        payload: { agreementVersion: 1, displayName: `Matrix ${++n}` },
      });
      return groupId;
    },
    freshSession: async () => {
      const groupId = await freshGroup();
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/groups/${groupId}/sessions`,
        headers: { cookie: owner.cookie },
        payload: { startsAt: `${new Date().getUTCFullYear() + 1}-03-03T18:00`, durationMinutes: 90 },
      });
      if (response.statusCode !== 201) throw new Error(`session: ${response.body}`);
      return { groupId, sessionId: response.json().id as string };
    },
    pastSession: async () => {
      const attendee = await add('member');
      const groupId = await fixture.groupAdmitting(attendee);
      await t.app.inject({
        method: 'POST',
        url: `/api/my/groups/${groupId}/join`,
        headers: { cookie: attendee.cookie },
        remoteAddress: attendee.ip,
        payload: { agreementVersion: 1, displayName: 'Attendee' },
      });
      const member = await t.database.db
        .selectFrom('groupMembers')
        .select('id')
        .where('groupId', '=', groupId)
        .executeTakeFirstOrThrow();
      const lastWeek = new Date(Date.now() - 7 * 86_400_000);
      await backdateMembership(t, member.id, new Date(lastWeek.getTime() - 86_400_000));
      const sessionId = await insertPastSession(t, { practiceId, groupId }, lastWeek);
      return { groupId, sessionId, memberId: member.id };
    },
    freshAlert: async () => {
      const { groupId, memberId } = await fixture.pastSession();
      return { groupId, alertId: await insertAlert(t, { practiceId, groupId, memberId }) };
    },
    memberForm: async () => {
      const groupId = await fixture.groupJoined(member);
      await t.app.inject({
        method: 'PUT',
        url: `/api/groups/${groupId}/measures`,
        headers: { cookie: owner.cookie },
        payload: { measures: [{ instrumentId: 'phq-9', cadence: 'admission', main: true }] },
      });
      const form = await t.database.db
        .selectFrom('measureForms')
        .select('id')
        .where('groupId', '=', groupId)
        .executeTakeFirstOrThrow();
      return { groupId, formId: form.id };
    },
    freshInvitation: async () => {
      const email = `invitee-${++n}@people.test`;
      await t.app.inject({
        method: 'POST',
        url: '/api/people/invitations',
        headers: { cookie: owner.cookie },
        payload: { email, name: 'Invitee', role: 'member' },
      });
      const row = await t.database.db
        .selectFrom('practiceInvitations')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      return row.id;
    },
    secrets: [OWNER.email, OWNER.practiceName, owner.userId, member.userId],
  };
  fixture.clinical = await clinicalGroup(fixture);
  return fixture;
}

/** The fixture's clinical group, and another group of the practice with its own clinician and member. */
async function clinicalGroup(f: Fixture): Promise<Fixture['clinical']> {
  const { t, people } = f;
  const as = (person: SignedIn, method: 'POST' | 'PUT', url: string, payload: object) =>
    t.app.inject({ method, url, headers: { cookie: person.cookie }, remoteAddress: person.ip, payload });
  const other = await t.app.inject({
    method: 'POST',
    url: '/api/groups',
    headers: { cookie: people.owner.cookie },
    payload: groupBody(people.clinicianOfAnotherGroup.userId),
  });
  await enrol(f, other.json().id, people.memberOfAnotherGroup);

  const groupId = await f.freshGroup();
  const memberId = await enrol(f, groupId, people.member);
  const formerId = await enrol(f, groupId, people.formerMember);
  await as(people.owner, 'PUT', `/api/groups/${groupId}/measures`, {
    measures: [{ instrumentId: 'phq-9', cadence: 'admission', main: true }],
  });
  const words = [
    `Matrix screening answer ${crypto.randomUUID()}`,
    `Matrix note ${crypto.randomUUID()}`,
    `Matrix group note ${crypto.randomUUID()}`,
  ];
  const ending = `Matrix end reason ${crypto.randomUUID()}`;
  await as(people.clinician, 'POST', `/api/groups/${groupId}/members/${formerId}/status`, {
    status: 'removed',
    reason: ending,
  });
  const user = await t.database.db
    .selectFrom('users')
    .select('email')
    .where('id', '=', f.bystander.userId)
    .executeTakeFirstOrThrow();
  const applicant = await as(people.owner, 'POST', `/api/groups/${groupId}/members`, {
    name: 'Applicant',
    email: user.email,
  });
  await as(f.bystander, 'POST', `/api/my/groups/${groupId}/screening`, { answers: [words[0], '', '', ''] });
  const lastWeek = new Date(Date.now() - 7 * 86_400_000);
  await backdateMembership(t, memberId, new Date(lastWeek.getTime() - 86_400_000));
  const sessionId = await insertPastSession(t, { practiceId: f.practiceId, groupId }, lastWeek);
  await as(people.clinician, 'PUT', `/api/groups/${groupId}/sessions/${sessionId}/attendance`, {
    marks: [{ memberId, status: 'absent-excused', note: words[1] }],
  });
  // The session's group note, started and written by its clinician: clinical words too.
  const notesUrl = `/api/groups/${groupId}/sessions/${sessionId}/notes`;
  await t.app.inject({
    method: 'POST',
    url: notesUrl,
    headers: { cookie: people.clinician.cookie },
    remoteAddress: people.clinician.ip,
  });
  await as(people.clinician, 'PUT', `${notesUrl}/group`, { content: { ...NOTE_GROUP_PART, themes: words[2] } });
  const alertId = await insertAlert(t, { practiceId: f.practiceId, groupId, memberId });
  const form = await t.database.db
    .selectFrom('measureForms')
    .select('id')
    .where('groupMemberId', '=', formerId)
    .executeTakeFirstOrThrow();
  return {
    groupId,
    sessionId,
    applicantId: applicant.json().id as string,
    alertId,
    formerMemberForm: form.id,
    words: [...words, ending, alertId],
  };
}

/** Refers, admits and joins a person to a group through the real routes; their membership's id. */
async function enrol(f: Fixture, groupId: string, person: SignedIn): Promise<string> {
  const { t, people } = f;
  const user = await t.database.db
    .selectFrom('users')
    .select(['email', 'name'])
    .where('id', '=', person.userId)
    .executeTakeFirstOrThrow();
  const headers = { cookie: people.owner.cookie };
  const referral = await t.app.inject({
    method: 'POST',
    url: `/api/groups/${groupId}/members`,
    headers,
    payload: { name: user.name, email: user.email },
  });
  const memberId = referral.json().id as string;
  await t.app.inject({
    method: 'POST',
    url: `/api/groups/${groupId}/members/${memberId}/status`,
    headers,
    payload: { status: 'admitted' },
  });
  const joined = await t.app.inject({
    method: 'POST',
    url: `/api/my/groups/${groupId}/join`,
    headers: { cookie: person.cookie },
    remoteAddress: person.ip,
    payload: { agreementVersion: 1, displayName: `Matrix ${memberId.replace(/[^a-f]/g, '').slice(0, 8)}` },
  });
  if (joined.statusCode !== 200) throw new Error(`join: ${joined.body}`);
  return memberId;
}

/** A skill card a practice writes. */
const CARD_BODY = {
  language: 'en',
  title: 'Matrix card',
  purpose: 'To check who may write cards.',
  steps: ['One step.'],
  example: 'An example.',
  prompt: 'A prompt.',
};

/** A fresh card of this practice, written by its owner; its id. */
async function practiceCard(f: Fixture): Promise<string> {
  const made = await f.t.app.inject({
    method: 'POST',
    url: '/api/skills/cards',
    headers: { cookie: f.people.owner.cookie },
    remoteAddress: f.people.owner.ip,
    payload: CARD_BODY,
  });
  if (made.statusCode !== 201) throw new Error(`card: ${made.body}`);
  return made.json().id as string;
}

function practiceLog(groupId: string, visibility: string) {
  return { groupId, cardId: 'hearth.i-statements', situation: 'Matrix practice.', rating: 5, visibility };
}

/** A fresh group the member has joined, with I-statements assigned to all of it; its id. */
async function assignedGroup(f: Fixture, groupId?: string): Promise<string> {
  const id = groupId ?? (await f.groupJoined(f.people.member));
  await f.t.app.inject({
    method: 'POST',
    url: `/api/groups/${id}/skills/assignments`,
    headers: { cookie: f.people.owner.cookie },
    remoteAddress: f.people.owner.ip,
    payload: { cardId: 'hearth.i-statements' },
  });
  return id;
}

/** A practice log of this person's, in a fresh group; its id. */
async function ownLog(f: Fixture, person: SignedIn, visibility = 'private', groupId?: string): Promise<string> {
  const id = await assignedGroup(f, groupId ?? (await f.groupJoined(person)));
  const made = await f.t.app.inject({
    method: 'POST',
    url: '/api/my/skills/logs',
    headers: { cookie: person.cookie },
    remoteAddress: person.ip,
    payload: practiceLog(id, visibility),
  });
  if (made.statusCode !== 201) throw new Error(`log: ${made.body}`);
  return made.json().log.id as string;
}

/** A log the bystander shared with a fresh group the member is in too; its id. */
async function peerSharedLog(f: Fixture): Promise<string> {
  const groupId = await f.freshGroup();
  await enrol(f, groupId, f.people.member);
  await enrol(f, groupId, f.bystander);
  return ownLog(f, f.bystander, 'group', groupId);
}

/** An open routine alert about one member of a group, made directly: no route raises one on demand. */
async function insertAlert(t: TestApp, where: { practiceId: string; groupId: string; memberId: string }) {
  const alertId = crypto.randomUUID();
  await t.database.db
    .insertInto('alerts')
    .values({
      id: alertId,
      practiceId: where.practiceId,
      groupId: where.groupId,
      groupMemberId: where.memberId,
      kind: 'attendance.unexcused-run',
      urgency: 'routine',
      causeKey: `matrix:${alertId}`,
      createdAt: new Date().toISOString(),
    })
    .execute();
  return alertId;
}

/** What a principal must get from a route it may not use. */
function expectedRefusal(entry: Entry, as: Principal, policyRoles: readonly Role[]): number {
  if (as === 'anonymous' || as === 'removedMember' || as === 'disabledMember') return 401;
  const role = ROLE_OF[as]!;
  if (!policyRoles.includes(role)) return 403;
  // Allowed by role, refused on the object: not found, exactly as if it did not exist (unless the
  // entry says otherwise, for an object the principal may see but not use this way).
  if (FROM_ANOTHER_PRACTICE.includes(as) || FROM_ANOTHER_GROUP.includes(as)) return 404;
  if (as === 'formerMember') return entry.formerMemberGets ?? 404;
  if (typeof entry.refusedWith === 'object') return entry.refusedWith[as] ?? 404;
  return entry.refusedWith ?? 404;
}

for (const engine of TEST_ENGINES) {
  describe(`authorisation matrix [${engine}]`, () => {
    let routes: Array<{ key: string; roles: readonly Role[] }> = [];
    let shared: Fixture;

    beforeAll(async () => {
      shared = await buildFixture(engine);
      routes = shared.t.app.hearthRoutes
        .filter((r) => r.method !== 'HEAD' && !isPublicDocs(r.url))
        .map((r) => ({ key: `${r.method} ${r.url}`, roles: r.policy?.signedIn ? r.policy.roles : ROLES }));
    }, 120_000);
    afterAll(async () => {
      await shared?.t.cleanup();
    });

    it('has an entry for every route the app registers, and no entry for a route that is gone', () => {
      const registered = routes.map((r) => r.key).sort();
      expect(
        registered.filter((key) => !MATRIX[key]),
        'routes missing from the matrix',
      ).toEqual([]);
      expect(
        Object.keys(MATRIX).filter((key) => !registered.includes(key)),
        'matrix entries for no route',
      ).toEqual([]);
    });

    describe.each(Object.keys(MATRIX))('%s', (key) => {
      let f: Fixture;
      beforeAll(async () => {
        f = MATRIX[key]!.ownFixture ? await buildFixture(engine) : shared;
      }, 120_000);
      afterAll(async () => {
        if (f !== shared) await f?.t.cleanup();
      });

      it.each(PRINCIPALS)('as %s', async (as) => {
        const entry = MATRIX[key]!;
        const options = await entry.request(f, as);
        const person = as === 'anonymous' ? undefined : f.people[as];
        const response = await f.t.app.inject({
          ...options,
          headers: { ...(options.headers ?? {}), ...(person ? { cookie: person.cookie } : {}) },
          remoteAddress: person?.ip ?? `192.0.2.${PRINCIPALS.indexOf(as) + 1}`,
        });
        expect(response.statusCode, response.body).toBeLessThan(500);
        if (!CLINICAL_READERS.includes(as)) {
          for (const word of f.clinical.words)
            expect(response.body, `clinical data shown to ${as}`).not.toContain(word);
        }
        if (entry.allowed === 'public') return;
        const roles = routes.find((r) => r.key === key)?.roles ?? ROLES;
        if (entry.allowed.includes(as)) {
          if (!entry.alsoFine?.includes(response.statusCode))
            expect([401, 403, 404], response.body).not.toContain(response.statusCode);
          if (FROM_ANOTHER_PRACTICE.includes(as)) {
            for (const secret of f.secrets) expect(response.body, `leaked to ${as}`).not.toContain(secret);
          }
        } else {
          expect(response.statusCode, response.body).toBe(expectedRefusal(entry, as, roles));
        }
      });
    });
  });
}
