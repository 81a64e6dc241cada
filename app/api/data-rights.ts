import type { RetentionSettings } from '../../domain/retention.js';
import type { ErasureStatus } from '../../domain/retention.js';

/** A member's erasure request, as the server presents it. */
export interface MyErasureRequest {
  id: string;
  status: ErasureStatus;
  requestedAt: string;
  dueAt: string;
  decidedAt: string | null;
  declineReason: string | null;
  retainUntil: string | null;
}

/** A request as the practice's admins see it. */
export interface ErasureRequest extends MyErasureRequest {
  person: string;
  reason: string | null;
  overdue: boolean;
}

export interface MyRetention {
  practiceName: string;
  settings: RetentionSettings;
}

/**
 * Query keys, under the roots each change refreshes (app/api/changes.ts): a member's own request
 * under `my` (changed: 'mine'), the practice's settings under `practice`, the admins' list under
 * `people` (an erasure changes who is in the practice).
 */
export const dataRightsKeys = {
  myErasure: ['my', 'erasure-request'] as const,
  myRetention: ['practice', 'retention', 'mine'] as const,
  retention: ['practice', 'retention'] as const,
  requests: ['people', 'erasure-requests'] as const,
};
