import crypto from 'node:crypto';
import { addPerson, setUpPractice, setupPracticeId, type SignedIn, type TestApp } from './test-app.js';

export interface GroupFixture {
  owner: SignedIn;
  /** The clinician who facilitates the group. */
  maya: SignedIn;
  practiceId: string;
  groupId: string;
  members: Array<{ person: SignedIn; memberId: string; email: string }>;
}

async function ok(response: { statusCode: number; body: string }, status = 200) {
  if (response.statusCode !== status)
    throw new Error(`expected ${status}, got ${response.statusCode}: ${response.body}`);
}

/**
 * A practice with one group facilitated by the clinician Maya, and members who joined through
 * the real path (referral, admission, agreement and display name).
 */
export async function groupWithMembers(
  t: TestApp,
  options: { timeZone?: string; meetingMode?: 'online' | 'in-person' | 'hybrid'; members?: string[] } = {},
): Promise<GroupFixture> {
  const owner = await setUpPractice(t.app);
  const practiceId = await setupPracticeId(t);
  const maya = await addPerson(t, { email: 'maya@harbour.test', role: 'clinician', practiceId, name: 'Maya Okafor' });
  const groupId = await createGroup(t, maya, { name: 'Tuesday Skills Circle', ...options });
  const members: GroupFixture['members'] = [];
  for (const name of options.members ?? []) {
    const email = `${name.toLowerCase()}@people.test`;
    const person = await addPerson(t, { email, role: 'member', practiceId, name: `${name} Legal` });
    const memberId = await referAndJoin(t, maya, groupId, person, name, email);
    members.push({ person, memberId, email });
  }
  return { owner, maya, practiceId, groupId, members };
}

/**
 * Opens the group's space the way its facilitator would, with members' posts published at once
 * (none held for review first), so a test can post in it.
 */
export async function openGroupSpace(t: TestApp, fixture: GroupFixture, readingHours: string | null = null) {
  await ok(
    await t.app.inject({
      method: 'PUT',
      url: `/api/groups/${fixture.groupId}/space/settings`,
      headers: { cookie: fixture.maya.cookie },
      payload: { anonymousAllowed: false, premoderateFirst: 0, readingHours, quietFrom: '21:00', quietUntil: '08:00' },
    }),
  );
}

/** A group facilitated by one clinician; its id. */
export async function createGroup(
  t: TestApp,
  maya: SignedIn,
  options: { name: string; timeZone?: string; meetingMode?: 'online' | 'in-person' | 'hybrid' },
): Promise<string> {
  const mode = options.meetingMode ?? 'online';
  const group = await t.app.inject({
    method: 'POST',
    url: '/api/groups',
    headers: { cookie: maya.cookie },
    payload: {
      name: options.name,
      description: 'Practising communication and boundaries together.',
      modality: 'skills',
      format: 'closed',
      capacity: 10,
      timeZone: options.timeZone ?? 'Europe/London',
      meetingMode: mode,
      place: mode === 'online' ? null : 'Room 2, 14 Harbour Street',
      meetingLink: mode === 'in-person' ? null : 'https://meet.example.org/skills-circle',
      facilitatorIds: [maya.userId],
      agreement: 'What is shared here stays here.',
    },
  });
  await ok(group, 201);
  return group.json().id as string;
}

/** Refers a person to a group, admits them, and they join (display name `name`); their member id. */
export async function referAndJoin(
  t: TestApp,
  maya: SignedIn,
  groupId: string,
  person: SignedIn,
  name: string,
  email: string,
): Promise<string> {
  const referral = await t.app.inject({
    method: 'POST',
    url: `/api/groups/${groupId}/members`,
    headers: { cookie: maya.cookie },
    payload: { name: `${name} Legal`, email },
  });
  await ok(referral, 201);
  const memberId = referral.json().id as string;
  await ok(
    await t.app.inject({
      method: 'POST',
      url: `/api/groups/${groupId}/members/${memberId}/status`,
      headers: { cookie: maya.cookie },
      payload: { status: 'admitted' },
    }),
  );
  await ok(
    await t.app.inject({
      method: 'POST',
      url: `/api/my/groups/${groupId}/join`,
      headers: { cookie: person.cookie },
      payload: { agreementVersion: 1, displayName: name },
    }),
  );
  return memberId;
}

/** Moves every dated step of a membership to one instant, as if it had happened then. */
export async function backdateMembership(t: TestApp, memberId: string, at: Date): Promise<void> {
  await t.database.db
    .updateTable('groupMemberEvents')
    .set({ at: at.toISOString() })
    .where('groupMemberId', '=', memberId)
    .execute();
}

/** Puts a session straight into a group, for tests about sessions that have already happened. */
export async function insertPastSession(
  t: TestApp,
  fixture: Pick<GroupFixture, 'practiceId' | 'groupId'>,
  startsAt: Date,
): Promise<string> {
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  await t.database.db
    .insertInto('groupSessions')
    .values({
      id,
      practiceId: fixture.practiceId,
      groupId: fixture.groupId,
      occurrenceStart: startsAt.toISOString(),
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 90 * 60_000).toISOString(),
      status: 'scheduled',
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  return id;
}
