import type { Format, MeetingMode, Modality } from '../../domain/groups.js';
import type { DischargeReason, MemberStatus } from '../../domain/membership.js';

export interface RosterEntry {
  id: string;
  name: string;
  email: string;
  hasAccount: boolean;
  /** Their account, for the group's clinical readers only (opens their safety plan). */
  userId: string | null;
  status: MemberStatus;
  displayName: string | null;
  agreementVersion: number | null;
  statusChangedAt: string;
  joinedAt: string;
  endReason: string | null;
  offerExpiresAt: string | null;
  offerLapsed: boolean;
  screeningSubmittedAt: string | null;
  /** The discharge at the end of a cycle: a reason from the list and a short summary. */
  discharge: { reason: DischargeReason; summary: string } | null;
}

export interface Roster {
  capacity: number;
  placesTaken: number;
  members: RosterEntry[];
}

export interface MyGroup {
  group: {
    id: string;
    name: string;
    description: string;
    modality: Modality;
    format: Format;
    meetingMode: MeetingMode;
    place: string | null;
    timeZone: string;
    facilitators: string[];
  };
  status: MemberStatus;
  displayName: string | null;
  agreement: { version: number; text: string };
  needsToAccept: boolean;
  peers: string[];
  offerExpiresAt: string | null;
  offerLapsed: boolean;
  screening: { questions: string[]; answered: boolean } | null;
}

export const membershipKeys = {
  roster: (groupId: string) => ['groups', groupId, 'members'] as const,
  mine: ['my', 'groups'] as const,
  intake: ['intake'] as const,
};
