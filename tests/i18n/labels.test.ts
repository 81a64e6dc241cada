import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ATTENDANCE_STATUSES } from '../../domain/attendance.js';
import { FORMATS, MEETING_MODES, MODALITIES } from '../../domain/groups.js';
import { LOCALES } from '../../domain/locale.js';
import { DISCHARGE_REASONS, MEMBER_STATUSES } from '../../domain/membership.js';
import { COMMON_DIAGNOSES, INTERVENTIONS, NOTE_SECTIONS, THERAPEUTIC_FACTORS } from '../../domain/notes.js';
import { PASSWORD_PROBLEMS } from '../../domain/password-strength.js';
import { ROLES } from '../../domain/roles.js';
import { labelKey } from '../../app/i18n/labels.js';

describe('labels of enumerations', () => {
  it.each([...LOCALES])('%s has a label for every value', (locale) => {
    const catalog = JSON.parse(readFileSync(`app/i18n/catalogs/${locale}.json`, 'utf8')) as Record<string, string>;
    const keys = [
      ...ROLES.map((v) => labelKey('role', v)),
      ...MODALITIES.map((v) => labelKey('modality', v)),
      ...FORMATS.map((v) => labelKey('format', v)),
      ...MEETING_MODES.map((v) => labelKey('meetingMode', v)),
      ...ATTENDANCE_STATUSES.map((v) => labelKey('attendance', v)),
      ...ATTENDANCE_STATUSES.map((v) => labelKey('memberAttendance', v)),
      ...MEMBER_STATUSES.map((v) => labelKey('memberStatus', v)),
      ...DISCHARGE_REASONS.map((v) => labelKey('dischargeReason', v)),
      ...PASSWORD_PROBLEMS.map((v) => labelKey('passwordProblem', v)),
      ...INTERVENTIONS.map((v) => labelKey('intervention', v)),
      ...THERAPEUTIC_FACTORS.map((v) => labelKey('therapeuticFactor', v)),
      ...NOTE_SECTIONS.map((v) => labelKey('noteSection', v)),
      ...COMMON_DIAGNOSES.map((v) => labelKey('diagnosis', v)),
    ];
    expect(keys.filter((k) => !(k in catalog))).toEqual([]);
  });
});
