import { z } from 'zod';
import { nameField, wholeNumber } from '../../../domain/fields.js';
import {
  AuditRetentionYearsLimit,
  ClinicalRetentionYearsLimit,
  JurisdictionNoteLimit,
  OutboxRetentionDaysLimit,
  SignInRetentionDaysLimit,
} from '../../../domain/limits.js';

function years(limit: { min: number; max: number }) {
  return wholeNumber(limit, {
    missing: 'Give a number of years.',
    int: 'Give whole years.',
    min: `Keep them at least ${limit.min} year${limit.min === 1 ? '' : 's'}.`,
    max: `Keep them at most ${limit.max} years.`,
  });
}

function days(limit: { min: number; max: number }) {
  return wholeNumber(limit, {
    missing: 'Give a number of days.',
    int: 'Give whole days.',
    min: `Keep them at least ${limit.min} day${limit.min === 1 ? '' : 's'}.`,
    max: `Keep them at most ${limit.max} days.`,
  });
}

/** A practice's retention periods, as the settings page sends them. */
export const RetentionBodySchema = z.object({
  clinicalYears: years(ClinicalRetentionYearsLimit),
  jurisdictionNote: nameField(JurisdictionNoteLimit, 'problem.retention.jurisdictionNote'),
  auditYears: years(AuditRetentionYearsLimit),
  outboxDays: days(OutboxRetentionDaysLimit),
  signInDays: days(SignInRetentionDaysLimit),
});

export const RetentionSchema = RetentionBodySchema.extend({ jurisdictionNote: z.string() });

/** What a member reads about how long their practice keeps things. */
export const MyRetentionSchema = z.object({ practiceName: z.string(), settings: RetentionSchema });
