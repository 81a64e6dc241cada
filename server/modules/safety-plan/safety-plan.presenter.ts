import type { Locale } from '../../../domain/locale.js';
import type { SafetyPlanContent } from '../../../domain/safety-plan.js';
import { toInstant } from '../../db/instant.js';
import type { SafetyPlanView } from './safety-plan.schema.js';

interface VersionRow {
  version: number;
  writtenBy: string;
  writer: string | null;
  createdAt: Date | string;
}

/**
 * A plan as its reader sees it: the member's words, which version, when and by whom it was saved
 * ("by" only when someone other than the member saved it), the list of versions, and who reads it.
 */
export function presentPlan(
  member: { userId: string; name: string; locale: Locale },
  chosen: { version: number; createdAt: Date | string; writtenBy: string; content: SafetyPlanContent } | null,
  versions: VersionRow[],
  readers: string[],
): SafetyPlanView {
  const by = (row: { writtenBy: string; writer?: string | null }) =>
    row.writtenBy === member.userId
      ? null
      : (row.writer ?? versions.find((v) => v.writtenBy === row.writtenBy)?.writer ?? null);
  return {
    member,
    plan: chosen && {
      version: chosen.version,
      latest: chosen.version === versions[0]?.version,
      savedAt: toInstant(chosen.createdAt),
      savedBy: by(chosen),
      content: chosen.content,
    },
    versions: versions.map((v) => ({ version: v.version, savedAt: toInstant(v.createdAt), savedBy: by(v) })),
    readers,
  };
}
