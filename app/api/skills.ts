import { useQuery } from '@tanstack/react-query';
import type { PracticeVisibility } from '../../domain/skills.js';
import { api } from './client.js';

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
  /** The instant the week's Monday begins in the group's zone. */
  week: string;
  mean: number;
  count: number;
}

export interface GroupSkills {
  /** The group's zone: its weeks run Monday to Sunday there. */
  group: { id: string; name: string; timeZone: string };
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

/** Every skill card the practice may use: Hearth's own in the reader's language, then its own. */
export function useSkillCards() {
  return useQuery({
    queryKey: skillKeys.cards,
    queryFn: () => api<{ cards: SkillCard[] }>('/api/skills/cards'),
  });
}

/** One skill card, for anyone in the practice (a card's page, a role-play round in the room). */
export function useSkillCard(cardId: string) {
  return useQuery({
    queryKey: skillKeys.card(cardId),
    queryFn: () => api<SkillCard>(`/api/skills/cards/${cardId}`),
  });
}
