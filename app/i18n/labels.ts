import type { AttendanceStatus } from '../../domain/attendance.js';
import type { Format, MeetingMode, Modality } from '../../domain/groups.js';
import type { DischargeReason, MemberStatus } from '../../domain/membership.js';
import type { COMMON_DIAGNOSES, Intervention, NoteSection, TherapeuticFactor } from '../../domain/notes.js';
import type { PasswordProblem } from '../../domain/password-strength.js';
import { ERASED_NAME, FORMER_MEMBER } from '../../domain/retention.js';
import type { Role } from '../../domain/roles.js';
import type { MessageKey } from './message-key.js';

/** The values of each enumeration a person reads, by the name of its catalog section. */
interface Labelled {
  role: Role;
  modality: Modality;
  format: Format;
  meetingMode: MeetingMode;
  attendance: AttendanceStatus;
  /** How a member reads their own attendance: warm, never a tally (PRODUCT.md §7). */
  memberAttendance: AttendanceStatus;
  memberStatus: MemberStatus;
  dischargeReason: DischargeReason;
  passwordProblem: PasswordProblem;
  intervention: Intervention;
  therapeuticFactor: TherapeuticFactor;
  noteSection: NoteSection;
  diagnosis: (typeof COMMON_DIAGNOSES)[number];
}

/**
 * The catalog key of an enumeration's value: `t(labelKey('role', viewer.role))`. The catalogs'
 * test checks every value of every enumeration has its key (labels.test.ts).
 */
export function labelKey<K extends keyof Labelled>(kind: K, value: Labelled[K]): MessageKey {
  return `label.${kind}.${value}` as MessageKey;
}

/**
 * A person's name as the server sent it, with the words an erasure left in its place ("a former
 * member" for peers, "Erased at their request" for staff; domain/retention.ts) in the reader's
 * language.
 */
export function shownName(t: (key: MessageKey) => string, name: string): string {
  if (name === FORMER_MEMBER) return t('label.erased.formerMember');
  if (name === ERASED_NAME) return t('label.erased.name');
  return name;
}
