import crypto from 'node:crypto';
import type { MemberStatus } from '../../domain/membership.js';
import type { Role } from '../../domain/roles.js';
import type { Database } from '../db/connect.js';
import type { AuditLog } from '../platform/audit/audit-log.js';
import { hashPassword } from '../platform/auth/password-hasher.js';
import type { Viewer } from '../platform/auth/viewer.js';
import type { Mailer } from '../platform/mail/mailer.js';
import type { ClinicalCipher } from '../platform/crypto/clinical-cipher.js';
import { MemoryBroker } from '../platform/realtime/memory-broker.js';
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
import { performSetup } from '../modules/setup/setup.service.js';

/** The one password of every demo account; printed by `hearth demo`. Demo data only. */
export const DEMO_PASSWORD = 'hearth demo 2026';

export interface DemoContext {
  database: Database;
  audit: AuditLog;
  mailer: Mailer;
  publicUrl: string;
  cipher: ClinicalCipher;
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

const DEMO_GROUPS: ReadonlyArray<{
  lead: string;
  group: Parameters<typeof createGroup>[2];
  members: Placement[];
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
  const services: MembershipContext = { ...context, broker: new MemoryBroker() };
  const origin = { ip: null, userAgent: 'hearth demo' };
  const as = (key: string) => {
    const person = ids.get(key)!;
    return viewerFor(person.id, person.name, person.role, practiceId);
  };

  for (const { lead, group, members } of DEMO_GROUPS) {
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
  }
  return true;
}
