import type { PracticeVisibility } from '../../domain/skills.js';

export interface SkillCard {
  id: string;
  /** One of Hearth's own cards: read-only; copy it to adapt it. */
  shipped: boolean;
  language: string;
  basedOn: string | null;
  relatedTo: string | null;
  title: string;
  purpose: string;
  steps: string[];
  example: string;
  prompt: string;
}

export interface Assignment {
  id: string;
  groupId: string;
  card: SkillCard;
  /** Null: the whole group. */
  memberId: string | null;
  memberName: string | null;
  dueAt: string | null;
  note: string | null;
  createdAt: string;
}

export interface PracticeLog {
  id: string;
  groupId: string;
  cardId: string;
  cardTitle: string;
  situation: string;
  learned: string | null;
  rating: number;
  visibility: PracticeVisibility;
  createdAt: string;
  updatedAt: string;
}

export interface Feedback {
  id: string;
  from: string;
  mine: boolean;
  worked: string | null;
  tryNext: string | null;
  held: boolean;
  createdAt: string;
}

export interface SharedLog extends PracticeLog {
  author: string;
  mine: boolean;
  feedback: Feedback[];
}

export interface MySkills {
  groups: Array<{ id: string; name: string; open: boolean }>;
  assignments: Assignment[];
  logs: PracticeLog[];
}

export interface Week {
  week: string;
  mean: number;
  count: number;
}

export interface GroupSkills {
  group: { id: string; name: string };
  clinical: boolean;
  assignments: Assignment[];
  progress: {
    weeks: Week[];
    bySkill: Array<{ cardId: string; title: string; count: number; mean: number }>;
    members: Array<{
      memberId: string;
      name: string;
      displayName: string | null;
      count: number;
      weeks: Week[];
      entries: Array<{ at: string; cardTitle: string; rating: number }>;
    }>;
  };
  shared: SharedLog[];
}

/** Query keys: a member's practice lives under `my`, a group's under `groups` (app/api/changes.ts). */
export const skillKeys = {
  cards: ['practice', 'skill-cards'] as const,
  card: (id: string) => ['practice', 'skill-cards', id] as const,
  mine: ['my', 'skills'] as const,
  log: (id: string) => ['my', 'skills', 'logs', id] as const,
  shared: (groupId: string) => ['my', 'skills', 'shared', groupId] as const,
  group: (groupId: string) => ['groups', groupId, 'skills'] as const,
};
