import type { SpaceChannel, SpaceDigest, SpaceModeration, SpacePostStatus, SpaceReaction } from '../../domain/space.js';

export interface SpacePost {
  id: string;
  threadId: string | null;
  channel: SpaceChannel;
  title: string | null;
  body: string;
  status: SpacePostStatus;
  heldFor: 'screening' | 'premoderation' | null;
  author: {
    /** Null for an anonymous post. */
    name: string | null;
    facilitator: boolean;
    anonymous: boolean;
    mine: boolean;
    /** Only for the group's facilitators. */
    member?: { name: string; displayName: string | null };
  };
  pinned: boolean;
  locked: boolean;
  editNote: string | null;
  screening?: 'none' | 'flag' | 'urgent';
  createdAt: string;
  reactions: Array<{ kind: SpaceReaction; names: string[]; mine: boolean }>;
}

export interface SpaceSettings {
  anonymousAllowed: boolean;
  premoderateFirst: number;
  readingHours: string | null;
  quietFrom: string | null;
  quietUntil: string | null;
}

export interface Space {
  group: { id: string; name: string };
  role: 'member' | 'facilitator' | 'reader' | 'counts';
  settings: SpaceSettings;
  counts: { threads: number; posts: number; waiting?: number };
  digest: SpaceDigest;
  unread: number;
  threads: Array<SpacePost & { replies: SpacePost[] }>;
}

export interface SpaceQueue {
  held: Array<SpacePost & { alertId: string | null }>;
  reports: Array<{
    id: string;
    post: SpacePost | null;
    reason: string;
    reporter: string;
    createdAt: string;
    resolved: { at: string; by: string; outcome: string } | null;
  }>;
  outcomes: Array<{ id: string; postId: string; action: SpaceModeration; by: string; note: string | null; at: string }>;
}

export interface CreatedPost {
  id: string;
  status: 'published' | 'held';
  heldFor: 'screening' | 'premoderation' | null;
}

/** Under the group's key: any change to the group (a realtime notice included) refreshes them. */
export const spaceKeys = {
  space: (groupId: string) => ['groups', groupId, 'space'] as const,
  queue: (groupId: string) => ['groups', groupId, 'space', 'queue'] as const,
};
