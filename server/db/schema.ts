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
  /** Where crisis lines start: a country of domain/crisis-resources.ts. */
  country: Generated<string>;
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

/** A practice's own crisis-language rule (docs/decisions/0041), added to Hearth's lexicon. */
export interface CrisisRulesTable {
  id: string;
  practiceId: string;
  phrase: string;
  /** The phrase normalised: one rule per practice for each. */
  phraseKey: string;
  category: string;
  language: string;
  level: string;
  enabled: Bool;
  createdBy: string | null;
  createdAt: Instant;
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

/** A practice's own skill card (Hearth's own are data in domain/skills.ts). */
export interface SkillCardsTable {
  id: string;
  practiceId: string;
  language: string;
  basedOn: string | null;
  title: string;
  purpose: string;
  /** JSON array of strings. */
  steps: string;
  example: string;
  prompt: string;
  createdBy: string | null;
  createdAt: Instant;
  updatedAt: Instant;
}

export interface SkillAssignmentsTable {
  id: string;
  practiceId: string;
  groupId: string;
  /** A shipped card's `hearth.…` id or a practice card's id. */
  cardId: string;
  /** Null: the whole group. */
  groupMemberId: string | null;
  dueSessionId: string | null;
  note: string | null;
  createdBy: string | null;
  createdAt: Instant;
}

export interface PracticeLogsTable {
  id: string;
  practiceId: string;
  groupId: string;
  groupMemberId: string;
  assignmentId: string | null;
  cardId: string;
  /** Encrypted clinical text. */
  situation: string;
  /** Encrypted clinical text. */
  learned: string | null;
  rating: number;
  /** private, facilitators or group */
  visibility: string;
  sharedAt: Instant | null;
  createdAt: Instant;
  updatedAt: Instant;
}

export interface PracticeFeedbackTable {
  id: string;
  practiceId: string;
  logId: string;
  /** The peer who gave it. */
  groupMemberId: string;
  /** Encrypted clinical text. */
  worked: string | null;
  /** Encrypted clinical text. */
  tryNext: string | null;
  /** shown or held */
  status: string;
  createdAt: Instant;
}

/** A version of a member's safety plan (docs/safety-plan.md); the newest is the plan. */
export interface SafetyPlansTable {
  id: string;
  practiceId: string;
  userId: string;
  version: number;
  /** Encrypted JSON (domain/safety-plan.ts). */
  content: string;
  /** The member, or the facilitator who wrote it with them. */
  writtenBy: string;
  createdAt: Instant;
}

/** A member's parts map, 6 Fs reflection or Self-energy check-in (docs/ifs-tools.md). */
export interface IfsItemsTable {
  id: string;
  practiceId: string;
  userId: string;
  /** partsMap, sixFs or selfCheck */
  kind: string;
  /** Encrypted JSON of the kind's shape (domain/ifs.ts). */
  content: string;
  /** When shared with the member's facilitators; null while private. */
  sharedAt: Instant | null;
  createdAt: Instant;
  updatedAt: Instant;
}

/** A member's clinical record basics in one practice; `details` is sealed JSON (domain/notes.ts ClinicalRecordDetails). */
export interface ClinicalRecordsTable {
  id: string;
  practiceId: string;
  userId: string;
  details: string;
  updatedBy: string | null;
  updatedAt: Instant;
  createdAt: Instant;
}

/** The practice's note template and how soon notes are signed (domain/notes.ts defaults). */
export interface PracticeNoteSettingsTable {
  practiceId: string;
  template: string;
  signWithinDays: number;
  updatedBy: string | null;
  updatedAt: Instant;
}

/** How a clinician signs: their credential, and the supervisor who co-signs their notes (null: nobody). */
export interface NoteSignersTable {
  practiceId: string;
  userId: string;
  credential: string;
  supervisorId: string | null;
  updatedBy: string | null;
  updatedAt: Instant;
}

/** One group note per session; `content` and `prefill` are sealed JSON. */
export interface GroupNotesTable {
  id: string;
  practiceId: string;
  groupId: string;
  sessionId: string;
  content: string;
  prefill: string;
  /** draft or signed */
  status: string;
  authorId: string | null;
  signedBy: string | null;
  signedName: string | null;
  signedCredential: string | null;
  signedAt: Instant | null;
  contentHash: string | null;
  createdAt: Instant;
  updatedAt: Instant;
}

/** A member's progress note for one session: the group part as signed plus their own part. */
export interface ProgressNotesTable {
  id: string;
  practiceId: string;
  groupId: string;
  sessionId: string;
  groupMemberId: string;
  userId: string | null;
  /** present, late or left-early */
  attendance: string;
  /** DAP, SOAP or BIRP */
  template: string;
  /** Sealed JSON: the template's sections and participation, goals, risk, plan. */
  content: string;
  /** Sealed JSON: the group note's content as signed with this note; null while a draft. */
  groupPart: string | null;
  /** draft or signed */
  status: string;
  authorId: string | null;
  signedBy: string | null;
  signedName: string | null;
  signedCredential: string | null;
  signedAt: Instant | null;
  contentHash: string | null;
  cosignerId: string | null;
  cosignedBy: string | null;
  cosignedName: string | null;
  cosignedCredential: string | null;
  cosignedAt: Instant | null;
  cosignHash: string | null;
  releasedAt: Instant | null;
  releasedBy: string | null;
  createdAt: Instant;
  updatedAt: Instant;
}

/** A signed addition to a signed progress note; `text` is sealed. */
export interface NoteAddendaTable {
  id: string;
  practiceId: string;
  noteId: string;
  text: string;
  signedBy: string | null;
  signedName: string;
  signedCredential: string;
  signedAt: Instant;
  contentHash: string;
}

/** What a claim says about the practice (docs/billing.md). */
export interface PracticeBillingTable {
  practiceId: string;
  billingName: string;
  address: string;
  taxId: string;
  /** Organisation NPI (type 2). */
  npi: string;
  /** 02 or 10: the place of service of telehealth lines. */
  telehealthPlace: string;
  updatedBy: string | null;
  updatedAt: Instant;
}

/** A clinician's individual NPI (type 1), licence and taxonomy code. */
export interface BillingCliniciansTable {
  practiceId: string;
  userId: string;
  npi: string;
  licence: string;
  taxonomy: string;
  updatedAt: Instant;
}

/** The practice's fee for one CPT code, in cents. */
export interface PracticeFeesTable {
  practiceId: string;
  cpt: string;
  feeCents: number;
}

/** One attending member's billing for one session (domain/billing.ts, decision 0039). */
export interface BillingLinesTable {
  id: string;
  practiceId: string;
  groupId: string;
  sessionId: string;
  groupMemberId: string;
  userId: string | null;
  clinicianId: string | null;
  serviceAt: Instant;
  cpt: string;
  addOn: string | null;
  placeOfService: string;
  modifier: string | null;
  units: number;
  feeCents: number;
  addOnFeeCents: number;
  /** Encrypted JSON array of ICD-10 codes as claimed; null until exported. */
  diagnosisCodes: string | null;
  /** open, exported, paid, denied or written-off */
  status: string;
  /** Encrypted: what was said when the status changed. */
  statusNote: string | null;
  statusChangedBy: string | null;
  statusChangedAt: Instant;
  /** Cents recorded as paid with the outcome "paid" (migration 0032); null until then. */
  paidCents: number | null;
  exportedAt: Instant | null;
  createdBy: string | null;
  createdAt: Instant;
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
  crisisRules: CrisisRulesTable;
  clinicalRecords: ClinicalRecordsTable;
  practiceNoteSettings: PracticeNoteSettingsTable;
  noteSigners: NoteSignersTable;
  groupNotes: GroupNotesTable;
  progressNotes: ProgressNotesTable;
  noteAddenda: NoteAddendaTable;
  auditChainAnchors: AuditChainAnchorsTable;
  skillCards: SkillCardsTable;
  skillAssignments: SkillAssignmentsTable;
  practiceLogs: PracticeLogsTable;
  practiceFeedback: PracticeFeedbackTable;
  spaceSettings: SpaceSettingsTable;
  spacePosts: SpacePostsTable;
  spaceReactions: SpaceReactionsTable;
  spaceReports: SpaceReportsTable;
  spaceModeration: SpaceModerationTable;
  spaceReaders: SpaceReadersTable;
  safetyPlans: SafetyPlansTable;
  ifsItems: IfsItemsTable;
  practiceBilling: PracticeBillingTable;
  billingClinicians: BillingCliniciansTable;
  practiceFees: PracticeFeesTable;
  billingLines: BillingLinesTable;
  rooms: RoomsTable;
  roomEvents: RoomEventsTable;
  roomCommands: RoomCommandsTable;
  roomCheckIns: RoomCheckInsTable;
  roomVoice: RoomVoiceTable;
  roomChat: RoomChatTable;
  roomBackChannel: RoomBackChannelTable;
  roomBreakouts: RoomBreakoutsTable;
}

/** A group's settings for its space between sessions (migration 0025). */
export interface SpaceSettingsTable {
  groupId: string;
  anonymousAllowed: Bool;
  premoderateFirst: number;
  readingHours: string | null;
  quietFrom: string | null;
  quietUntil: string | null;
  updatedAt: Instant;
}

export interface SpacePostsTable {
  id: string;
  practiceId: string;
  groupId: string;
  threadId: string | null;
  channel: string;
  authorUserId: string;
  groupMemberId: string | null;
  anonymous: Bool;
  /** Encrypted. */
  title: string | null;
  /** Encrypted. */
  body: string;
  status: string;
  heldFor: string | null;
  screeningLevel: string;
  alertId: string | null;
  pinned: Bool;
  locked: Bool;
  /** Encrypted. */
  editNote: string | null;
  createdAt: Instant;
  publishedAt: Instant | null;
}

export interface SpaceReactionsTable {
  postId: string;
  userId: string;
  kind: string;
  createdAt: Instant;
}

export interface SpaceReportsTable {
  id: string;
  groupId: string;
  postId: string;
  reporterUserId: string;
  /** Encrypted. */
  reason: string;
  createdAt: Instant;
  resolvedAt: Instant | null;
  resolvedBy: string | null;
  /** Encrypted. */
  outcome: string | null;
}

export interface SpaceModerationTable {
  id: string;
  groupId: string;
  postId: string;
  actorUserId: string;
  action: string;
  /** Encrypted. */
  note: string | null;
  /** Encrypted: the text an edit replaced. */
  previousBody: string | null;
  at: Instant;
}

export interface SpaceReadersTable {
  groupId: string;
  userId: string;
  lastReadAt: Instant | null;
  digest: Generated<string>;
  lastDigestAt: Instant | null;
}
