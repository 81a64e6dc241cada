import type { Format, GroupStatus, MeetingMode, Modality } from '../../domain/groups.js';

export interface PersonRef {
  userId: string;
  name: string;
}

export interface Group {
  id: string;
  name: string;
  description: string;
  modality: Modality;
  format: Format;
  capacity: number;
  timeZone: string;
  meetingMode: MeetingMode;
  place: string | null;
  meetingLink: string | null;
  /** Only an active group changes; a closed or archived one is a readable record. */
  status: GroupStatus;
  closedAt: string | null;
  archivedAt: string | null;
  selfReferralToken: string | null;
  screeningQuestions: string[];
  facilitators: PersonRef[];
  agreement: { version: number; text: string; createdAt: string };
  createdAt: string;
  updatedAt: string;
}

/** What the group form sends, for a new group and for changes alike. */
export interface GroupInput {
  name: string;
  description: string;
  modality: Modality;
  format: Format;
  capacity: number;
  timeZone: string;
  meetingMode: MeetingMode;
  place: string | null;
  meetingLink: string | null;
  facilitatorIds: string[];
  agreement: string;
  screeningQuestions?: string[];
}

export const groupKeys = {
  all: ['groups'] as const,
  archived: ['groups', 'archived'] as const,
  one: (id: string) => ['groups', id] as const,
  agreements: (id: string) => ['groups', id, 'agreements'] as const,
  // Who may facilitate follows people's roles, so it lives under people (app/api/changes.ts).
  facilitatorChoices: ['people', 'facilitator-choices'] as const,
};
