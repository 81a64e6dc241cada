import type { ColumnType, Generated } from 'kysely';

/**
 * An instant. PostgreSQL stores timestamptz and returns a Date; SQLite stores ISO-8601 text.
 * Repositories write Date or ISO text and read through `toInstant` (db/instant.ts).
 */
export type Instant = ColumnType<Date | string, Date | string, Date | string>;
/** SQLite has no boolean type: it stores 0 and 1. */
export type Bool = ColumnType<boolean | number, boolean | number, boolean | number>;

// Names are camelCase here; the CamelCasePlugin maps them to the snake_case columns in SQL.

/** Accounts, sessions and credentials follow better-auth's model (see docs/decisions/0003). */
export interface UsersTable {
  id: string;
  name: string;
  email: string;
  emailVerified: Bool;
  twoFactorEnabled: Generated<Bool>;
  image: string | null;
  createdAt: Instant;
  updatedAt: Instant;
  /** The language the person chose; null: the practice's default applies. */
  locale: string | null;
  /** The IANA time zone their browser last reported, for e-mails about sessions. */
  timeZone: string | null;
}

export interface SessionsTable {
  id: string;
  token: string;
  userId: string;
  expiresAt: Instant;
  ipAddress: string | null;
  userAgent: string | null;
  activePracticeId: string | null;
  lastActiveAt: Instant | null;
  createdAt: Instant;
  updatedAt: Instant;
}

export interface AccountsTable {
  id: string;
  accountId: string;
  providerId: string;
  userId: string;
  accessToken: string | null;
  refreshToken: string | null;
  idToken: string | null;
  accessTokenExpiresAt: Instant | null;
  refreshTokenExpiresAt: Instant | null;
  scope: string | null;
  password: string | null;
  createdAt: Instant;
  updatedAt: Instant;
}

export interface VerificationsTable {
  id: string;
  identifier: string;
  value: string;
  expiresAt: Instant;
  createdAt: Instant;
  updatedAt: Instant;
}

/** A practice is better-auth's "organization". */
export interface PracticesTable {
  id: string;
  name: string;
  slug: string;
  logo: string | null;
  metadata: string | null;
  createdAt: Instant;
  /** The language the practice's people start in. */
  defaultLocale: Generated<string>;
}

export interface PracticeMembersTable {
  id: string;
  practiceId: string;
  userId: string;
  role: string;
  createdAt: Instant;
  disabledAt: Instant | null;
  disabledBy: string | null;
}

export interface PracticeInvitationsTable {
  id: string;
  practiceId: string;
  email: string;
  role: string | null;
  status: string;
  expiresAt: Instant;
  inviterId: string;
  createdAt: Instant;
  /** SHA-256 of the secret in the invitation link; the secret itself is never stored. */
  tokenHash: string | null;
  name: string | null;
  acceptedAt: Instant | null;
}

export interface TwoFactorsTable {
  id: string;
  userId: string;
  secret: string;
  backupCodes: string;
  verified: Generated<Bool>;
  failedVerificationCount: Generated<number>;
  lockedUntil: Instant | null;
}

/** A second-step code an account has used: accepted once (docs/decisions/0013). */
export interface UsedSecondFactorCodesTable {
  userId: string;
  kind: string;
  codeHash: string;
  usedAt: Instant;
}

export interface AuditEventsTable {
  id: string;
  chain: string;
  seq: number;
  occurredAt: Instant;
  practiceId: string | null;
  actorUserId: string | null;
  actorRole: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  ip: string | null;
  userAgent: string | null;
  /** JSON object of non-clinical facts about the event (never clinical text). */
  detail: string;
  prevHash: string;
  hash: string;
}

/** The people whose clinical records an audit event showed or changed (one row each). */
export interface AuditEventPeopleTable {
  eventId: string;
  personId: string;
}

export interface AuditChainHeadsTable {
  chain: string;
  seq: number;
  hash: string;
}

/** One row, written by first-run setup; its primary key makes a second setup impossible. */
export interface InstallationTable {
  id: Generated<number>;
  setUpAt: Instant;
}

export interface GroupsTable {
  id: string;
  practiceId: string;
  name: string;
  description: string;
  modality: string;
  format: string;
  capacity: number;
  timeZone: string;
  meetingMode: string;
  place: string | null;
  meetingLink: string | null;
  /** active, closed (its cycle ended) or archived (hidden from active lists); only active changes */
  status: string;
  /** The token of the group's public self-referral link; null while the link is off. */
  selfReferralToken: string | null;
  /** JSON array of screening questions; null for Hearth's default set. */
  screeningQuestions: string | null;
  /** When its cycle ended; kept while archived, so restoring knows where to return. */
  closedAt: Instant | null;
  archivedAt: Instant | null;
  createdAt: Instant;
  updatedAt: Instant;
}

export interface GroupFacilitatorsTable {
  groupId: string;
  userId: string;
  addedAt: Instant;
}

/** Each edit of a group's agreement is a new version; members accept a specific one. */
export interface GroupAgreementsTable {
  id: string;
  groupId: string;
  version: number;
  text: string;
  createdBy: string;
  createdAt: Instant;
}

export interface GroupMembersTable {
  id: string;
  practiceId: string;
  groupId: string;
  userId: string | null;
  email: string;
  /** The name the person was referred under; staff see it, peers never do. */
  name: string;
  referredBy: string | null;
  status: string;
  /** What peers see. */
  displayName: string | null;
  displayNameKey: string | null;
  agreementVersion: number | null;
  agreementAcceptedAt: Instant | null;
  statusChangedAt: Instant;
  endReason: string | null;
  /** For a place offered from the waitlist: accept by then, or the offer lapses. */
  offerExpiresAt: Instant | null;
  /** Encrypted JSON: the questions as asked and the answers given. Clinical text: staff only. */
  screeningAnswers: string | null;
  screeningSubmittedAt: Instant | null;
  /** One of DISCHARGE_REASONS, when discharged at the end of a cycle. */
  dischargeReason: string | null;
  /** Encrypted short summary written at discharge. Clinical text: staff only. */
  dischargeSummary: string | null;
  /** When the person was erased at their request; their clinical records stay until retainUntil. */
  erasedAt: Instant | null;
  retainUntil: Instant | null;
  createdAt: Instant;
}

export interface GroupMemberEventsTable {
  id: string;
  groupMemberId: string;
  fromStatus: string | null;
  toStatus: string;
  reason: string | null;
  byUserId: string | null;
  at: Instant;
}

/** A group's repeat rule and reminder choices (domain/schedule.ts). */
export interface GroupSchedulesTable {
  groupId: string;
  practiceId: string;
  rrule: string | null;
  firstStart: string | null;
  durationMinutes: number;
  /** JSON array of minutes before a session. */
  reminderMinutes: string;
  generatedUntil: Instant | null;
  updatedBy: string | null;
  updatedAt: Instant;
}

export interface GroupSessionsTable {
  id: string;
  practiceId: string;
  groupId: string;
  occurrenceStart: Instant | null;
  startsAt: Instant;
  endsAt: Instant;
  /** scheduled or cancelled */
  status: string;
  cancelNote: string | null;
  videoLink: string | null;
  noteForMembers: string | null;
  changedByHand: ColumnType<boolean | number, boolean | number | undefined, boolean | number>;
  sequence: Generated<number>;
  createdAt: Instant;
  updatedAt: Instant;
}

export interface SessionAttendanceTable {
  sessionId: string;
  groupMemberId: string;
  practiceId: string;
  status: string;
  /** Encrypted clinical text. */
  note: string | null;
  recordedBy: string | null;
  recordedAt: Instant;
}

export interface AlertsTable {
  id: string;
  practiceId: string;
  groupId: string;
  groupMemberId: string | null;
  kind: string;
  urgency: string;
  causeKey: string;
  createdAt: Instant;
  resolvedAt: Instant | null;
  resolvedBy: string | null;
  /** Encrypted clinical text. */
  outcome: string | null;
  acknowledgedAt: Instant | null;
  acknowledgedBy: string | null;
  escalatedAt: Instant | null;
  /** The questionnaire that raised it, when a measure did. */
  instrumentId: string | null;
  /** JSON facts about the cause that the words need (a positive screen: which part, what was sent). */
  detail: string | null;
}

export interface InstrumentsTable {
  id: string;
  practiceId: string;
  /** JSON of domain/instruments.ts Instrument. */
  definition: string;
  createdBy: string | null;
  createdAt: Instant;
}

export interface GroupMeasuresTable {
  id: string;
  groupId: string;
  instrumentId: string;
  cadence: string;
  everyWeeks: number | null;
  main: ColumnType<boolean | number, boolean | number | undefined, boolean | number>;
  createdAt: Instant;
}

export interface MeasureFormsTable {
  id: string;
  practiceId: string;
  groupId: string;
  groupMemberId: string;
  instrumentId: string;
  occasion: string;
  sessionId: string | null;
  dueAt: Instant;
  status: string;
  /** Encrypted JSON. */
  answers: string | null;
  total: number | null;
  band: string | null;
  safetyFlag: ColumnType<boolean | number, boolean | number | undefined, boolean | number>;
  /** The language the member read the questions in (BCP-47, "en" until they answer otherwise). */
  language: ColumnType<string, string | undefined, string>;
  submittedAt: Instant | null;
  remindedAt: Instant | null;
  createdAt: Instant;
  updatedAt: Instant;
}

export interface PracticeSafetyTable {
  practiceId: string;
  backupClinicianId: string | null;
  escalationMinutes: number;
  updatedAt: Instant;
}

export interface ReminderOptOutsTable {
  userId: string;
  groupId: string;
  createdAt: Instant;
}

export interface CalendarFeedsTable {
  id: string;
  practiceId: string;
  userId: string;
  tokenHash: string;
  createdAt: Instant;
  revokedAt: Instant | null;
  lastReadAt: Instant | null;
}

export interface JobsTable {
  id: string;
  kind: string;
  /** JSON */
  payload: string;
  runAt: Instant;
  status: string;
  attempts: Generated<number>;
  dedupeKey: string | null;
  lockedUntil: Instant | null;
  /** The worker holding the claim; it renews lockedUntil while it runs the job. */
  lockedBy: string | null;
  /** Higher runs first among due jobs: 1 for urgent work (safety alerts), 0 otherwise. */
  priority: Generated<number>;
  lastError: string | null;
  createdAt: Instant;
  finishedAt: Instant | null;
}

/** A client's key for one create, and the response to replay (docs/decisions/0023). */
export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  route: string;
  requestHash: string;
  responseStatus: number | null;
  responseType: string | null;
  /** Encrypted. */
  responseBody: string | null;
  createdAt: Instant;
  expiresAt: Instant;
}

/** A request to join through a public link, until the person confirms their address (or it expires). */
export interface SelfReferralRequestsTable {
  id: string;
  groupId: string;
  email: string;
  name: string;
  /** SHA-256 of the secret in the confirmation link; the secret itself is never stored. */
  tokenHash: string;
  createdAt: Instant;
  expiresAt: Instant;
}

/** A session (or all of a person's, sessionId null) whose live sockets must close on every instance. */
export interface SessionRevocationsTable {
  id: string;
  userId: string;
  sessionId: string | null;
  createdAt: Instant;
  /** Null until the broker accepted it. */
  publishedAt: Instant | null;
}

/** A person's "My data" archive (docs/decisions/0029). */
export interface DataExportsTable {
  id: string;
  userId: string;
  /** The practice they asked in: its audit chain records the request and the preparation. */
  practiceId: string;
  /** queued, preparing, ready, failed or expired */
  status: string;
  step: Generated<number>;
  steps: number;
  /** Encrypted base64 of the .zip; null until ready and once expired. */
  archive: string | null;
  archiveBytes: number | null;
  requestedAt: Instant;
  readyAt: Instant | null;
  expiresAt: Instant | null;
  finishedAt: Instant | null;
}

/** A member's request to be erased (docs/decisions/0030). */
export interface ErasureRequestsTable {
  id: string;
  practiceId: string;
  userId: string;
  /** pending, approved, declined or withdrawn */
  status: string;
  /** Encrypted: the member's own words; cleared once the request is decided or withdrawn. */
  reason: string | null;
  requestedAt: Instant;
  dueAt: Instant;
  decidedAt: Instant | null;
  decidedBy: string | null;
  /** Why it was declined, written for the member to read. */
  declineReason: string | null;
  /** On approval: until when the clinical records are kept. */
  retainUntil: Instant | null;
}

/** How long a practice keeps each kind of record (docs/decisions/0031); defaults in domain/retention.ts. */
export interface PracticeRetentionTable {
  practiceId: string;
  clinicalYears: number;
  jurisdictionNote: string;
  auditYears: number;
  outboxDays: number;
  signInDays: number;
  updatedBy: string | null;
  updatedAt: Instant;
}

/** Where an audit chain starts after its oldest records were purged (docs/decisions/0031). */
export interface AuditChainAnchorsTable {
  chain: string;
  /** The seq of the last purged record: the first kept record is seq + 1. */
  seq: number;
  /** The hash of the last purged record: the first kept record links to it. */
  hash: string;
  purgedAt: Instant;
  /** Keyed MAC over chain, seq and hash, so the anchor cannot be moved without the secret. */
  mac: string;
}

/** A session's live room (docs/room.md): its events are the room. */
export interface RoomsTable {
  id: string;
  practiceId: string;
  groupId: string;
  sessionId: string;
  status: string;
  lastSeq: Generated<number>;
  openedBy: string | null;
  openedAt: Instant;
  endedAt: Instant | null;
}

export interface RoomEventsTable {
  roomId: string;
  seq: number;
  type: string;
  byPerson: string | null;
  at: Instant;
  /** Encrypted (the event's JSON). */
  body: string;
}

export interface RoomCommandsTable {
  roomId: string;
  actor: string;
  commandId: string;
  seq: number;
  at: Instant;
}

export interface RoomCheckInsTable {
  sessionId: string;
  groupMemberId: string;
  roomId: string;
  mood: number;
  /** Encrypted. */
  word: string;
  /** Encrypted. */
  part: string | null;
  share: string;
  enteredBy: string | null;
  at: Instant;
}

export interface RoomVoiceTable {
  sessionId: string;
  groupMemberId: string;
  groupId: string;
  seconds: number;
  turns: number;
}

export interface RoomChatTable {
  id: string;
  roomId: string;
  personId: string;
  /** Encrypted. */
  text: string;
  hidden: ColumnType<boolean | number, boolean | number, boolean | number>;
  hiddenBy: string | null;
  at: Instant;
}

export interface RoomBackChannelTable {
  id: string;
  roomId: string;
  authorId: string | null;
  /** Encrypted. */
  text: string;
  at: Instant;
}

export interface RoomBreakoutsTable {
  id: string;
  roomId: string;
  method: string;
  members: string;
  cardId: string | null;
  formedAt: Instant;
  endedAt: Instant | null;
}

export interface DB {
  users: UsersTable;
  sessions: SessionsTable;
  accounts: AccountsTable;
  verifications: VerificationsTable;
  practices: PracticesTable;
  practiceMembers: PracticeMembersTable;
  practiceInvitations: PracticeInvitationsTable;
  installation: InstallationTable;
  twoFactors: TwoFactorsTable;
  usedSecondFactorCodes: UsedSecondFactorCodesTable;
  auditEvents: AuditEventsTable;
  auditChainHeads: AuditChainHeadsTable;
  auditEventPeople: AuditEventPeopleTable;
  groups: GroupsTable;
  groupFacilitators: GroupFacilitatorsTable;
  groupAgreements: GroupAgreementsTable;
  groupMembers: GroupMembersTable;
  groupMemberEvents: GroupMemberEventsTable;
  selfReferralRequests: SelfReferralRequestsTable;
  groupSchedules: GroupSchedulesTable;
  groupSessions: GroupSessionsTable;
  sessionAttendance: SessionAttendanceTable;
  alerts: AlertsTable;
  reminderOptOuts: ReminderOptOutsTable;
  calendarFeeds: CalendarFeedsTable;
  jobs: JobsTable;
  instruments: InstrumentsTable;
  groupMeasures: GroupMeasuresTable;
  measureForms: MeasureFormsTable;
  practiceSafety: PracticeSafetyTable;
  idempotencyKeys: IdempotencyKeysTable;
  sessionRevocations: SessionRevocationsTable;
  dataExports: DataExportsTable;
  erasureRequests: ErasureRequestsTable;
  practiceRetention: PracticeRetentionTable;
  auditChainAnchors: AuditChainAnchorsTable;
  rooms: RoomsTable;
  roomEvents: RoomEventsTable;
  roomCommands: RoomCommandsTable;
  roomCheckIns: RoomCheckInsTable;
  roomVoice: RoomVoiceTable;
  roomChat: RoomChatTable;
  roomBackChannel: RoomBackChannelTable;
  roomBreakouts: RoomBreakoutsTable;
}
