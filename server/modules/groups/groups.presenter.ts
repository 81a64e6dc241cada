import type { Format, MeetingMode, Modality, GroupStatus } from '../../../domain/groups.js';
import { DEFAULT_SCREENING_QUESTIONS } from '../../../domain/screening.js';
import { toInstant } from '../../db/instant.js';
import type { Group } from './groups.schema.js';
import type { GroupRow } from './groups.repository.js';

/** A group's screening questions: its own, or Hearth's default set. */
export function screeningQuestionsOf(row: { screeningQuestions: string | null }): string[] {
  return row.screeningQuestions ? (JSON.parse(row.screeningQuestions) as string[]) : [...DEFAULT_SCREENING_QUESTIONS];
}

/** A group as its staff see it: every field, its facilitators and its current agreement. */
export function presentGroup(
  row: GroupRow,
  facilitators: Array<{ userId: string; name: string }>,
  agreement: { version: number; text: string; createdAt: Date | string },
): Group {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    modality: row.modality as Modality,
    format: row.format as Format,
    capacity: row.capacity,
    timeZone: row.timeZone,
    meetingMode: row.meetingMode as MeetingMode,
    place: row.place,
    meetingLink: row.meetingLink,
    status: row.status as GroupStatus,
    closedAt: row.closedAt ? toInstant(row.closedAt) : null,
    archivedAt: row.archivedAt ? toInstant(row.archivedAt) : null,
    selfReferralToken: row.selfReferralToken,
    screeningQuestions: screeningQuestionsOf(row),
    facilitators: facilitators.map(({ userId, name }) => ({ userId, name })),
    agreement: { version: agreement.version, text: agreement.text, createdAt: toInstant(agreement.createdAt) },
    createdAt: toInstant(row.createdAt),
    updatedAt: toInstant(row.updatedAt),
  };
}
