import type { DB } from '../../db/schema.js';

/**
 * Every table, and what a member's data rights do with it (docs/decisions/0029, 0030, 0031, 0050).
 * One list, typed over every table of the schema, so a new table does not compile until it says
 * whether it holds anyone's data; member-data.test.ts reads the migrated database on both engines
 * and fails when a column that names a person (an account, a place in a group, an address) is in
 * no entry, then checks each entry's claims against a member's real archive, erasure and purge.
 */

/**
 * How a column names a person:
 * - `account`: users.id of the member;
 * - `membership`: group_members.id of the member (a place in one group);
 * - `roomPerson`: a person in the live room: a member's group_members.id, a facilitator's users.id;
 * - `email`: the member's address;
 * - `embedded`: ids or an address inside a value (JSON, a key), found by the code that writes it;
 * - `staff`: who on the staff acted (signed, decided, wrote): their record, not the member's data.
 */
export type PersonColumn = 'account' | 'membership' | 'roomPerson' | 'email' | 'embedded' | 'staff';

/**
 * What approving an erasure does to the member's rows (decision 0030, 0050):
 * - `delete`: gone at once;
 * - `anonymise`: the row stays with the member's name and address replaced ("a former member");
 * - `keep`: a clinical or shared record, kept as it is (the person it names reads as "a former
 *   member" wherever names are shown) until the practice's retention ends.
 */
export type ErasureRule = 'delete' | 'anonymise' | 'keep';

export interface MemberTable {
  kind: 'member';
  /** The columns that name a person, and how. */
  people: Readonly<Record<string, PersonColumn>>;
  /** Columns whose names read like a person's but are not one, and what they are. */
  notPeople?: Readonly<Record<string, string>>;
  /**
   * Where the member's rows are in their archive (a path in hearth-data.json, `[]` for each item
   * of a list), or why they are not in it.
   */
  exported: { at: string } | { left: string };
  erasure: { rule: ErasureRule; why: string };
  /**
   * After an erased member's retain-until date (decision 0031): `purged` (the daily run deletes
   * their rows), or why the rows stay.
   */
  afterRetention: 'purged' | { stays: string };
}

/** A table that names people only as staff who acted, never a member's data. */
export interface StaffTable {
  kind: 'staff';
  people: Readonly<Record<string, 'staff' | 'account'>>;
  notPeople?: Readonly<Record<string, string>>;
  why: string;
}

/** A table that names nobody. */
export interface NobodyTable {
  kind: 'nobody';
  notPeople?: Readonly<Record<string, string>>;
  why: string;
}

export type TableRule = MemberTable | StaffTable | NobodyTable;

const SIGN_IN = 'a credential or sign-in record: never copied out, of no use to read';

export const MEMBER_DATA: { readonly [T in keyof DB]: TableRule } = {
  users: {
    kind: 'member',
    people: { id: 'account', email: 'email' },
    exported: { at: 'account' },
    erasure: { rule: 'anonymise', why: 'retained clinical and audit records point to the account (0030)' },
    afterRetention: { stays: 'the audit log names the account by id for as long as it keeps records' },
  },
  sessions: {
    kind: 'member',
    people: { userId: 'account' },
    exported: { left: SIGN_IN },
    erasure: { rule: 'delete', why: 'sign-in ends with the erasure' },
    afterRetention: 'purged',
  },
  accounts: {
    kind: 'member',
    people: { userId: 'account' },
    exported: { left: 'the password hash: ' + SIGN_IN },
    erasure: { rule: 'delete', why: 'sign-in ends with the erasure' },
    afterRetention: 'purged',
  },
  verifications: {
    kind: 'member',
    people: { value: 'embedded' },
    exported: { left: 'reset links and pending second steps: ' + SIGN_IN },
    erasure: { rule: 'delete', why: 'sign-in ends with the erasure' },
    afterRetention: 'purged',
  },
  practices: { kind: 'nobody', why: 'the practice itself' },
  practiceMembers: {
    kind: 'member',
    people: { userId: 'account', disabledBy: 'staff' },
    exported: { at: 'practices' },
    erasure: { rule: 'keep', why: 'the record that they belonged, with access turned off; it holds no name' },
    afterRetention: { stays: 'their Patient id in the clinical exports (0022); it holds no name' },
  },
  practiceInvitations: {
    kind: 'member',
    people: { email: 'email', inviterId: 'staff' },
    exported: { left: 'the invitation they accepted to make the account in the archive' },
    erasure: { rule: 'delete', why: 'contact details go (0030)' },
    afterRetention: 'purged',
  },
  installation: { kind: 'nobody', why: 'when this Hearth was set up' },
  twoFactors: {
    kind: 'member',
    people: { userId: 'account' },
    exported: { left: 'the two-step secret: ' + SIGN_IN },
    erasure: { rule: 'delete', why: 'sign-in ends with the erasure' },
    afterRetention: 'purged',
  },
  usedSecondFactorCodes: {
    kind: 'member',
    people: { userId: 'account' },
    exported: { left: 'codes already used once: ' + SIGN_IN },
    erasure: { rule: 'delete', why: 'sign-in ends with the erasure' },
    afterRetention: 'purged',
  },
  auditEvents: {
    kind: 'member',
    people: { actorUserId: 'account', subjectId: 'embedded' },
    exported: { at: 'accessHistory' },
    erasure: { rule: 'keep', why: 'the audit log keeps the fact, never the content (0030)' },
    afterRetention: { stays: 'the audit period applies, by age, to everyone alike (0031)' },
  },
  auditChainHeads: { kind: 'nobody', why: 'the audit chain’s last hash' },
  auditEventPeople: {
    kind: 'member',
    people: { personId: 'account' },
    exported: { at: 'accessHistory' },
    erasure: { rule: 'keep', why: 'the audit log keeps the fact, never the content (0030)' },
    afterRetention: { stays: 'the audit period applies, by age, to everyone alike (0031)' },
  },
  groups: { kind: 'nobody', why: 'a group’s own fields' },
  groupFacilitators: {
    kind: 'staff',
    people: { userId: 'staff' },
    why: 'who runs a group; the archive names the member’s facilitators from it',
  },
  groupAgreements: { kind: 'staff', people: { createdBy: 'staff' }, why: 'the group’s agreement as staff wrote it' },
  groupMembers: {
    kind: 'member',
    people: { userId: 'account', email: 'email', referredBy: 'staff' },
    exported: { at: 'groups' },
    erasure: {
      rule: 'anonymise',
      why: 'peers see "a former member"; staff see "Erased at their request" beside the records (0030)',
    },
    afterRetention: 'purged',
  },
  groupMemberEvents: {
    kind: 'member',
    people: { groupMemberId: 'membership', byUserId: 'staff' },
    exported: { at: 'groups[].history' },
    erasure: { rule: 'keep', why: 'the dated steps of a place are part of the clinical record' },
    afterRetention: 'purged',
  },
  selfReferralRequests: {
    kind: 'member',
    people: { email: 'email' },
    exported: { left: 'a link to ask for a place, before any account; it expires within a day' },
    erasure: { rule: 'delete', why: 'contact details go (0030)' },
    afterRetention: 'purged',
  },
  groupSchedules: { kind: 'staff', people: { updatedBy: 'staff' }, why: 'a group’s repeat rule' },
  groupSessions: { kind: 'nobody', why: 'a group’s sessions' },
  sessionAttendance: {
    kind: 'member',
    people: { groupMemberId: 'membership', recordedBy: 'staff' },
    exported: { at: 'groups[].attendance' },
    erasure: { rule: 'keep', why: 'clinical record (0030)' },
    afterRetention: 'purged',
  },
  alerts: {
    kind: 'member',
    people: { groupMemberId: 'membership', resolvedBy: 'staff', acknowledgedBy: 'staff' },
    exported: {
      left: 'the facilitators’ safety work about the person: their clinical writing, asked of the practice (0029)',
    },
    erasure: { rule: 'keep', why: 'clinical record (0030)' },
    afterRetention: 'purged',
  },
  reminderOptOuts: {
    kind: 'member',
    people: { userId: 'account' },
    exported: { at: 'groups[].remindersOn' },
    erasure: { rule: 'delete', why: 'a choice about mail to an address that is gone' },
    afterRetention: 'purged',
  },
  calendarFeeds: {
    kind: 'member',
    people: { userId: 'account' },
    exported: { at: 'calendarFeeds' },
    erasure: { rule: 'delete', why: 'a private link that would still show their sessions' },
    afterRetention: 'purged',
  },
  jobs: {
    kind: 'member',
    people: { payload: 'embedded' },
    notPeople: { lockedBy: 'the instance working on the job' },
    exported: { left: 'mail waiting to be sent to them, and other timed work' },
    erasure: { rule: 'delete', why: 'mail to their address goes with the address (0030)' },
    afterRetention: 'purged',
  },
  instruments: { kind: 'staff', people: { createdBy: 'staff' }, why: 'a practice’s questionnaires' },
  groupMeasures: { kind: 'nobody', why: 'a group’s questionnaire plan' },
  measureForms: {
    kind: 'member',
    people: { groupMemberId: 'membership' },
    exported: { at: 'answers' },
    erasure: { rule: 'keep', why: 'clinical record; forms never started hold nothing and are deleted (0030)' },
    afterRetention: 'purged',
  },
  practiceSafety: {
    kind: 'staff',
    people: { backupClinicianId: 'staff' },
    why: 'who is told when nobody answers an alert',
  },
  idempotencyKeys: {
    kind: 'member',
    people: { scope: 'embedded' },
    exported: { left: 'kept answers to repeated requests, for a day' },
    erasure: { rule: 'delete', why: 'kept answers may repeat what they sent (0030)' },
    afterRetention: 'purged',
  },
  sessionRevocations: {
    kind: 'member',
    people: { userId: 'account' },
    exported: { left: SIGN_IN },
    erasure: { rule: 'keep', why: 'tells every instance that their sign-ins ended' },
    afterRetention: { stays: 'it holds ids and times only' },
  },
  dataExports: {
    kind: 'member',
    people: { userId: 'account' },
    exported: { left: 'the archive itself' },
    erasure: { rule: 'delete', why: 'an archive holds everything the erasure removes' },
    afterRetention: 'purged',
  },
  erasureRequests: {
    kind: 'member',
    people: { userId: 'account', decidedBy: 'staff' },
    exported: { left: 'shown on their "Your data" page while they can sign in' },
    erasure: { rule: 'keep', why: 'the record of the request and its retain-until date; the reason is cleared (0030)' },
    afterRetention: { stays: 'the practice’s proof that it erased them; it holds no words' },
  },
  practiceRetention: { kind: 'staff', people: { updatedBy: 'staff' }, why: 'a practice’s periods' },
  crisisRules: {
    kind: 'staff',
    people: { createdBy: 'staff', updatedBy: 'staff' },
    why: 'a practice’s crisis-language rules',
  },
  clinicalRecords: {
    kind: 'member',
    people: { userId: 'account', updatedBy: 'staff' },
    exported: { left: 'the clinician’s record basics: their clinical writing, asked of the practice (0029)' },
    erasure: { rule: 'keep', why: 'clinical record (0030)' },
    afterRetention: 'purged',
  },
  practiceNoteSettings: { kind: 'staff', people: { updatedBy: 'staff' }, why: 'a practice’s note template' },
  noteSigners: {
    kind: 'staff',
    people: { userId: 'staff', supervisorId: 'staff', updatedBy: 'staff' },
    why: 'how clinicians sign',
  },
  groupNotes: {
    kind: 'staff',
    people: { authorId: 'staff', signedBy: 'staff' },
    why: 'the facilitators’ note of a session; what was released to a member is in their notes',
  },
  progressNotes: {
    kind: 'member',
    people: {
      groupMemberId: 'membership',
      userId: 'account',
      authorId: 'staff',
      signedBy: 'staff',
      cosignerId: 'staff',
      cosignedBy: 'staff',
      releasedBy: 'staff',
    },
    exported: { at: 'notes' },
    erasure: { rule: 'keep', why: 'clinical record, kept by the record-keeping rule (0030)' },
    afterRetention: 'purged',
  },
  noteAddenda: {
    kind: 'staff',
    people: { signedBy: 'staff' },
    why: 'signed additions to a progress note, deleted with their note',
  },
  auditChainAnchors: { kind: 'nobody', why: 'where a purged audit chain starts' },
  skillCards: { kind: 'staff', people: { createdBy: 'staff' }, why: 'a practice’s skill cards' },
  skillAssignments: {
    kind: 'member',
    people: { groupMemberId: 'membership', createdBy: 'staff' },
    exported: { left: 'what facilitators assigned; the practice they logged names the skill' },
    erasure: { rule: 'keep', why: 'part of the clinical record of their skills work' },
    afterRetention: 'purged',
  },
  practiceLogs: {
    kind: 'member',
    people: { groupMemberId: 'membership' },
    exported: { at: 'groups[].skillsPractice' },
    erasure: {
      rule: 'keep',
      why: 'their facilitators read it as a clinical record; shared entries leave the group’s view (0042)',
    },
    afterRetention: 'purged',
  },
  practiceFeedback: {
    kind: 'member',
    people: { groupMemberId: 'membership' },
    exported: { at: 'groups[].skillsFeedbackGiven' },
    erasure: { rule: 'delete', why: 'words to a peer that nobody needs to keep (0042)' },
    afterRetention: 'purged',
  },
  spaceSettings: { kind: 'nobody', why: 'a group space’s settings' },
  spacePosts: {
    kind: 'member',
    people: { authorUserId: 'account', groupMemberId: 'membership' },
    exported: { at: 'groups[].space.posts' },
    erasure: { rule: 'keep', why: 'shared with the group: kept, attributed to "a former member" (0030)' },
    afterRetention: 'purged',
  },
  spaceReactions: {
    kind: 'member',
    people: { userId: 'account' },
    exported: { at: 'groups[].space.reactions' },
    erasure: { rule: 'delete', why: 'a mark of theirs that nobody needs to keep' },
    afterRetention: 'purged',
  },
  spaceReports: {
    kind: 'member',
    people: { reporterUserId: 'account', resolvedBy: 'staff' },
    exported: { at: 'groups[].space.reports' },
    erasure: {
      rule: 'keep',
      why: 'the moderators’ record of why a post was acted on; the reporter reads as "a former member"',
    },
    afterRetention: 'purged',
  },
  spaceModeration: {
    kind: 'staff',
    people: { actorUserId: 'staff' },
    why: 'what moderators did to a post',
  },
  spaceReaders: {
    kind: 'member',
    people: { userId: 'account' },
    exported: { at: 'groups[].space.digest' },
    erasure: { rule: 'delete', why: 'their place in the space and their digest choice' },
    afterRetention: 'purged',
  },
  safetyPlans: {
    kind: 'member',
    people: { userId: 'account', writtenBy: 'staff' },
    exported: { at: 'safetyPlans' },
    erasure: { rule: 'delete', why: 'the member’s own plan, every version (0050)' },
    afterRetention: 'purged',
  },
  ifsItems: {
    kind: 'member',
    people: { userId: 'account' },
    exported: { at: 'reflections' },
    erasure: { rule: 'delete', why: 'the member’s own reflections, shared or not (0050)' },
    afterRetention: 'purged',
  },
  practiceBilling: { kind: 'staff', people: { updatedBy: 'staff' }, why: 'what a claim says about the practice' },
  billingClinicians: { kind: 'staff', people: { userId: 'staff' }, why: 'clinicians’ billing numbers' },
  practiceFees: { kind: 'nobody', why: 'a practice’s fees' },
  billingLines: {
    kind: 'member',
    people: {
      groupMemberId: 'membership',
      userId: 'account',
      clinicianId: 'staff',
      statusChangedBy: 'staff',
      createdBy: 'staff',
    },
    exported: { left: 'the practice’s claims; a superbill is asked of the practice (0039)' },
    erasure: { rule: 'keep', why: 'a financial record of a clinical service' },
    afterRetention: 'purged',
  },
  rooms: { kind: 'staff', people: { openedBy: 'staff' }, why: 'a session’s room' },
  roomEvents: {
    kind: 'member',
    people: { byPerson: 'roomPerson', body: 'embedded' },
    exported: {
      left: 'the room’s log carries everyone’s words; what the member gave is in groups[].room',
    },
    erasure: { rule: 'keep', why: 'the session’s record; names are read from the roster, "a former member"' },
    afterRetention: 'purged',
  },
  roomCommands: {
    kind: 'member',
    people: { actor: 'roomPerson' },
    exported: { left: 'ids of commands already done, so a repeat is not done twice' },
    erasure: { rule: 'delete', why: 'ids only, of no further use' },
    afterRetention: 'purged',
  },
  roomCheckIns: {
    kind: 'member',
    people: { groupMemberId: 'membership', enteredBy: 'staff' },
    exported: { at: 'groups[].room.checkIns' },
    erasure: { rule: 'keep', why: 'part of the session’s clinical record' },
    afterRetention: 'purged',
  },
  roomVoice: {
    kind: 'member',
    people: { groupMemberId: 'membership' },
    exported: { at: 'groups[].room.voice' },
    erasure: { rule: 'keep', why: 'part of the session’s clinical record' },
    afterRetention: 'purged',
  },
  roomChat: {
    kind: 'member',
    people: { personId: 'roomPerson', hiddenBy: 'staff' },
    exported: { at: 'groups[].room.chat' },
    erasure: { rule: 'keep', why: 'shared with the group: kept, attributed to "a former member" (0030)' },
    afterRetention: 'purged',
  },
  roomBackChannel: {
    kind: 'staff',
    people: { authorId: 'staff' },
    why: 'the facilitators’ words to each other during a session',
  },
  roomBreakouts: {
    kind: 'member',
    people: { members: 'embedded' },
    exported: { left: 'who was in which breakout; their presence is in groups[].attendance' },
    erasure: { rule: 'keep', why: 'the session’s record; it holds ids only' },
    afterRetention: { stays: 'it holds ids only, and goes with the room' },
  },
};

/** The tables a member's data lives in, with their rules. */
export function memberTables(): Array<[keyof DB, MemberTable]> {
  return (Object.entries(MEMBER_DATA) as Array<[keyof DB, TableRule]>).filter(
    (entry): entry is [keyof DB, MemberTable] => entry[1].kind === 'member',
  );
}
