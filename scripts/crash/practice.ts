// The practice the crash loop writes into: set up through the app (first-run setup, staff with
// two-step sign-in, groups, members referred, admitted and joined), plus a stock of past sessions
// to take attendance for and check-ins waiting to be answered, so that every cycle has fresh work.
import crypto from 'node:crypto';
import { insertForms } from '../../server/modules/measures/measures.repository.js';
import { insertSessions } from '../../server/modules/schedule/schedule.repository.js';
import { backdateMembership, createGroup, referAndJoin } from '../../server/testing/group-fixtures.js';
import { appOnInstallation, type Installation } from '../../server/testing/installation.js';
import { addPerson, setUpPractice, setupPracticeId, type SignedIn } from '../../server/testing/test-app.js';

export interface CrashMember {
  person: SignedIn;
  memberId: string;
  /** Check-ins waiting for this member, each answered at most once by the loop. */
  forms: string[];
}

export interface CrashGroup {
  groupId: string;
  clinician: SignedIn;
  members: CrashMember[];
  /** Past sessions with no attendance yet, each marked at most once by the loop. */
  sessions: string[];
}

const HOUR = 3_600_000;

/** Two groups, each with its own clinician and two members, and `stock` sessions and forms each. */
export async function seedCrashPractice(installation: Installation, stock: number): Promise<CrashGroup[]> {
  const t = await appOnInstallation(installation);
  const database = t.database;
  try {
    await setUpPractice(t.app);
    const practiceId = await setupPracticeId(t);
    const groups: CrashGroup[] = [];
    const joinedLongAgo = new Date(Date.now() - 365 * 24 * HOUR);
    for (const g of [1, 2]) {
      const clinician = await addPerson(t, {
        email: `clinician${g}@crash.test`,
        role: 'clinician',
        practiceId,
        name: `Clinician ${g}`,
      });
      const groupId = await createGroup(t, clinician, { name: `Crash Circle ${g}` });
      const members: CrashMember[] = [];
      for (const m of [1, 2]) {
        const name = `Member${g}${m}`;
        const email = `member${g}${m}@crash.test`;
        const person = await addPerson(t, { email, role: 'member', practiceId, name });
        const memberId = await referAndJoin(t, clinician, groupId, person, name, email);
        // Members since long before the stock of sessions, so each session expects them.
        await backdateMembership(t, memberId, joinedLongAgo);
        members.push({ person, memberId, forms: [] });
      }
      const now = Date.now();
      const stamp = new Date(now).toISOString();
      const sessions = Array.from({ length: stock }, (_, i) => {
        const startsAt = new Date(now - (i + 2) * 3 * HOUR).toISOString();
        return {
          id: crypto.randomUUID(),
          practiceId,
          groupId,
          occurrenceStart: startsAt,
          startsAt,
          endsAt: new Date(Date.parse(startsAt) + 90 * 60_000).toISOString(),
          status: 'scheduled',
          createdAt: stamp,
          updatedAt: stamp,
        };
      });
      const forms = members.flatMap((member) =>
        Array.from({ length: stock }, (_, i) => ({
          id: crypto.randomUUID(),
          practiceId,
          groupId,
          groupMemberId: member.memberId,
          instrumentId: 'phq-9',
          occasion: `crash-loop:${i}`,
          sessionId: null,
          dueAt: stamp,
          status: 'due',
          createdAt: stamp,
          updatedAt: stamp,
        })),
      );
      await database.db.transaction().execute(async (trx) => {
        await insertSessions(trx, sessions);
        await insertForms(trx, forms);
      });
      for (const member of members)
        member.forms = forms.filter((f) => f.groupMemberId === member.memberId).map((f) => f.id);
      groups.push({ groupId, clinician, members, sessions: sessions.map((s) => s.id) });
    }
    return groups;
  } finally {
    await t.app.close();
    await t.cleanup();
  }
}
