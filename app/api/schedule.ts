import type { AttendanceStatus } from '../../domain/attendance.js';

export interface Schedule {
  groupId: string;
  timeZone: string;
  rrule: string | null;
  firstStart: string | null;
  description: string | null;
  durationMinutes: number;
  reminderMinutes: number[];
  /** The first session still to come; sessions before today are never planned. */
  nextSessionAt: string | null;
  myRemindersOn: boolean;
}

interface SessionBase {
  id: string;
  groupId: string;
  groupName: string;
  timeZone: string;
  startsAt: string;
  endsAt: string;
  status: 'scheduled' | 'cancelled';
  cancelNote: string | null;
  noteForMembers: string | null;
  meetingMode: string;
  place: string | null;
  videoLink: string | null;
}

/** A session as staff see it. */
export interface StaffSession extends SessionBase {
  extra: boolean;
  movedFrom: string | null;
  attendance: { expected: number; recorded: number };
}

/** A session as a member sees it. */
export interface MemberSession extends SessionBase {
  videoLinkOpensAt: string | null;
  extra: boolean;
  moved: boolean;
  myAttendance: AttendanceStatus | null;
}

export interface MySessions {
  upcoming: MemberSession[];
  past: MemberSession[];
  groups: Array<{ id: string; name: string; remindersOn: boolean }>;
}

export interface AttendanceSheet {
  session: {
    id: string;
    groupId: string;
    groupName: string;
    timeZone: string;
    startsAt: string;
    endsAt: string;
    status: 'scheduled' | 'cancelled';
    opensAt: string;
  };
  entries: Array<{
    memberId: string;
    name: string;
    displayName: string | null;
    status: AttendanceStatus | null;
    note: string | null;
  }>;
}

export interface Rate {
  recorded: number;
  attended: number;
  excused: number;
  unexcused: number;
  rate: number | null;
}

export interface AttendanceSummary {
  group: Rate;
  members: Array<Rate & { memberId: string; name: string; displayName: string | null; status: string }>;
}

export interface Alert {
  id: string;
  groupId: string;
  groupName: string;
  kind: string;
  urgency: 'routine' | 'urgent';
  createdAt: string;
  acknowledged: { at: string; by: string } | null;
  escalatedAt: string | null;
  member: { id: string; name: string; displayName: string | null } | null;
  /** The questionnaire that raised it, by its code, when a measure did. */
  measure: string | null;
  summary: string;
}

export interface CalendarFeedState {
  active: boolean;
  createdAt: string | null;
  lastReadAt: string | null;
}

export const scheduleKeys = {
  schedule: (groupId: string) => ['groups', groupId, 'schedule'] as const,
  sessions: (groupId: string) => ['groups', groupId, 'sessions'] as const,
  sheet: (groupId: string, sessionId: string) => ['groups', groupId, 'sessions', sessionId, 'attendance'] as const,
  summary: (groupId: string) => ['groups', groupId, 'attendance'] as const,
  alerts: (groupId: string) => ['groups', groupId, 'alerts'] as const,
  allAlerts: ['alerts'] as const,
  agenda: (from: string) => ['agenda', from] as const,
  mine: ['my', 'sessions'] as const,
  feed: ['me', 'calendar-feed'] as const,
};
