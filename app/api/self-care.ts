import type { Locale } from '../../domain/locale.js';
import type { EightC, IfsItemInput } from '../../domain/ifs.js';
import type { SafetyPlanContent } from '../../domain/safety-plan.js';

/** A safety plan as the server presents it (server/modules/safety-plan). */
export interface SafetyPlanView {
  member: { userId: string; name: string; locale: Locale };
  plan: {
    version: number;
    latest: boolean;
    savedAt: string;
    savedBy: string | null;
    content: SafetyPlanContent;
  } | null;
  versions: Array<{ version: number; savedAt: string; savedBy: string | null }>;
  readers: string[];
}

/** A parts map, reflection or check-in as the server presents it (server/modules/ifs). */
export type IfsItem = IfsItemInput & { id: string; sharedAt: string | null; createdAt: string; updatedAt: string };

export interface IfsItems {
  member: { userId: string; name: string };
  items: IfsItem[];
  readers: string[];
}

export type SelfCheckRatings = Record<EightC, number>;

/**
 * Query keys under the roots each change refreshes (app/api/changes.ts): a member's own under `my`
 * (changed: 'mine'); what a member shared, read by staff, under `people`.
 */
export const selfCareKeys = {
  myPlan: (version?: number) => ['my', 'safety-plan', version ?? 'latest'] as const,
  myIfs: ['my', 'ifs'] as const,
  memberPlan: (userId: string, version?: number) => ['people', userId, 'safety-plan', version ?? 'latest'] as const,
  memberIfs: (userId: string) => ['people', userId, 'ifs'] as const,
};

/** Where the plan is kept for use offline (app/service-worker.js); emptied on sign-out. */
export const OFFLINE_CACHES = ['hearth-offline-plan'] as const;

/** Forgets the plan kept for use offline: on signing out, and when the server says the session ended. */
export async function forgetOfflinePlan(): Promise<void> {
  if (typeof caches === 'undefined') return;
  await Promise.all(OFFLINE_CACHES.map((name) => caches.delete(name)));
}
