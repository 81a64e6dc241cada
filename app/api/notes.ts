import type {
  ClinicalRecordDetails,
  GroupNoteContent,
  Intervention,
  MemberNoteContent,
  NoteTemplate,
  TherapeuticFactor,
} from '../../domain/notes.js';

export type { GroupNoteContent, Intervention, MemberNoteContent, NoteTemplate, TherapeuticFactor };

/** A signature as the server shows it: who, with which credential, when, and the hash of what they signed. */
export interface Signed {
  name: string;
  credential: string;
  at: string;
  hash: string;
}

export interface ProgressNote {
  id: string;
  memberId: string;
  userId: string | null;
  name: string;
  displayName: string | null;
  attendance: 'present' | 'late' | 'left-early';
  template: NoteTemplate;
  status: 'draft' | 'signed';
  authorId: string | null;
  content: MemberNoteContent;
  groupPart: GroupNoteContent | null;
  signed: Signed | null;
  cosignerId: string | null;
  cosigned: Signed | null;
  releasedAt: string | null;
  addenda: Array<{ id: string; text: string; signed: Signed }>;
  updatedAt: string;
}

export interface SessionNotes {
  session: {
    id: string;
    groupId: string;
    groupName: string;
    timeZone: string;
    startsAt: string;
    endsAt: string;
    status: 'scheduled' | 'cancelled';
  };
  template: NoteTemplate;
  canWrite: boolean;
  absent: Array<{ memberId: string; name: string; status: string }>;
  unmarked: Array<{ memberId: string; name: string }>;
  groupNote: {
    id: string;
    status: 'draft' | 'signed';
    authorId: string | null;
    content: GroupNoteContent;
    signed: Signed | null;
    updatedAt: string;
  } | null;
  notes: ProgressNote[];
  prefill: {
    attendance: Array<{ memberId: string; name: string; status: string | null }>;
    measures: Array<{
      memberId: string;
      name: string;
      instrument: string;
      total: number | null;
      band: string | null;
      safetyFlag: boolean;
      submittedAt: string;
    }>;
    alerts: Array<{
      memberId: string | null;
      name: string | null;
      kind: string;
      urgency: string;
      createdAt: string;
      resolved: boolean;
    }>;
    /** What the session's live room recorded, or null when it had none. */
    room: {
      checkIns: Array<{
        memberId: string;
        name: string;
        mood: number;
        word: string;
        part: string | null;
        share: 'group' | 'facilitators';
      }>;
      checkOuts: Array<{ memberId: string; name: string; status: string; total: number | null; band: string | null }>;
      voice: Array<{ memberId: string; name: string; seconds: number; turns: number; quiet: boolean }>;
    } | null;
    since: string | null;
  };
}

export interface SingleNote extends ProgressNote {
  groupId: string;
  groupName: string;
  sessionId: string;
  startsAt: string;
  timeZone: string;
}

interface ToDoSession {
  sessionId: string;
  groupId: string;
  groupName: string;
  timeZone: string;
  startsAt: string;
}

export interface NotesToDo {
  signWithinDays: number;
  unsigned: Array<ToDoSession & { days: number; overdue: boolean; started: boolean }>;
  cosign: Array<ToDoSession & { noteId: string; memberName: string; signedName: string; signedAt: string }>;
  overdue: Array<ToDoSession & { days: number; facilitators: string[] }>;
}

export interface NoteSettings {
  template: NoteTemplate;
  signWithinDays: number;
}

export interface Signers {
  signers: Array<{ userId: string; name: string; role: string; credential: string; supervisorId: string | null }>;
}

/**
 * Query keys: a session's notes live under its group (a `{ group }` change refreshes them); the
 * to-do list and single notes under `agenda`, which every group change refreshes; settings under
 * `practice`.
 */
export interface ClinicalRecord {
  userId: string;
  name: string;
  record: ClinicalRecordDetails | null;
  updatedAt: string | null;
  commonDiagnoses: string[];
}

export const notesKeys = {
  record: (userId: string) => ['people', userId, 'clinical-record'] as const,
  session: (groupId: string, sessionId: string) => ['groups', groupId, 'notes', sessionId] as const,
  one: (noteId: string) => ['agenda', 'note', noteId] as const,
  toDo: ['agenda', 'notes-to-do'] as const,
  settings: ['practice', 'notes'] as const,
  signers: ['practice', 'note-signers'] as const,
};

export const notesUrl = (groupId: string, sessionId: string) => `/api/groups/${groupId}/sessions/${sessionId}/notes`;
