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

  it('names the common diagnoses by their ICD-10-CM titles', () => {
    const catalog = JSON.parse(readFileSync('app/i18n/catalogs/en.json', 'utf8')) as Record<string, string>;
    // The tabular list's titles (FY2025), shortened only where ICD-10-CM gives an inclusion in brackets (F41.0).
    const titles: Record<(typeof COMMON_DIAGNOSES)[number], string> = {
      'F32.0': 'Major depressive disorder, single episode, mild',
      'F32.1': 'Major depressive disorder, single episode, moderate',
      'F32.9': 'Major depressive disorder, single episode, unspecified',
      'F32.A': 'Depression, unspecified',
      'F33.1': 'Major depressive disorder, recurrent, moderate',
      'F34.1': 'Dysthymic disorder',
      'F41.0': 'Panic disorder',
      'F41.1': 'Generalized anxiety disorder',
      'F41.9': 'Anxiety disorder, unspecified',
      'F40.10': 'Social phobia, unspecified',
      'F42.2': 'Mixed obsessional thoughts and acts',
      'F43.10': 'Post-traumatic stress disorder, unspecified',
      'F43.12': 'Post-traumatic stress disorder, chronic',
      'F43.20': 'Adjustment disorder, unspecified',
      'F43.21': 'Adjustment disorder with depressed mood',
      'F43.22': 'Adjustment disorder with anxiety',
      'F43.23': 'Adjustment disorder with mixed anxiety and depressed mood',
      'F43.25': 'Adjustment disorder with mixed disturbance of emotions and conduct',
      'F31.9': 'Bipolar disorder, unspecified',
      'F60.3': 'Borderline personality disorder',
      'F10.20': 'Alcohol dependence, uncomplicated',
      'F90.0': 'Attention-deficit hyperactivity disorder, predominantly inattentive type',
    };
    for (const code of COMMON_DIAGNOSES) expect(catalog[labelKey('diagnosis', code)], code).toBe(titles[code]);
  });
});
