import { describe, expect, it } from 'vitest';
import {
  canonical,
  COMMON_DIAGNOSES,
  emptyMemberNote,
  isIcd10Cm,
  memberPartWritten,
  NOTE_TEMPLATES,
  noteAge,
} from './notes.js';

describe('notes as data', () => {
  it('checks the shape of ICD-10-CM codes', () => {
    for (const code of ['F41.1', 'F43.10', 'F32.A', 'F32.9', 'Z63.0', 'M1A.0110', 'F40'])
      expect(isIcd10Cm(code)).toBe(true);
    for (const code of ['anxiety', 'F4', 'F41.', 'F41.12345', 'f41.1', '41.1', 'F41 1'])
      expect(isIcd10Cm(code)).toBe(false);
    expect(COMMON_DIAGNOSES.every(isIcd10Cm)).toBe(true);
  });

  it('makes an empty own part in the template’s sections, in order', () => {
    expect(Object.keys(emptyMemberNote('SOAP').sections)).toEqual([...NOTE_TEMPLATES.SOAP]);
    expect(memberPartWritten(emptyMemberNote('DAP'))).toBe(false);
    expect(memberPartWritten({ ...emptyMemberNote('DAP'), participation: 'Quiet today.' })).toBe(true);
  });

  it('writes the same canonical text whatever the order of keys', () => {
    expect(canonical({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: 'é' } })).toBe(
      canonical({ a: { c: 'é', d: [2, { x: 0, y: 1 }] }, b: 1 }),
    );
    expect(canonical({ a: 1, b: undefined })).toBe('{"a":1}');
  });

  it('counts a note’s age in whole days and marks it overdue at the limit', () => {
    const now = new Date('2026-11-10T12:00:00Z');
    expect(noteAge('2026-11-09T20:00:00Z', now, 3)).toEqual({ days: 0, overdue: false });
    expect(noteAge('2026-11-07T11:00:00Z', now, 3)).toEqual({ days: 3, overdue: true });
  });
});
