import { describe, expect, it } from 'vitest';
import {
  effectiveStatus,
  isValidNpi,
  lacksDiagnosis,
  money,
  outcomesFrom,
  placeOfService,
  TAXONOMY_PATTERN,
} from './billing.js';

describe('NPI check digit', () => {
  it('accepts NPIs whose last digit is the Luhn digit over the 80840 prefix', () => {
    // CMS's worked example (1234567893) and real-shaped type 1 and type 2 numbers.
    for (const npi of ['1234567893', '1245319599', '1003000126', '1467560003', '2000000002', '1987654328'])
      expect(isValidNpi(npi), npi).toBe(true);
  });

  it('refuses a wrong check digit, a wrong length, letters and a first digit other than 1 or 2', () => {
    for (const npi of [
      '1234567890',
      '1234567894',
      '123456789',
      '12345678930',
      '12345678 3',
      'A234567893',
      '3234567896',
    ])
      expect(isValidNpi(npi), npi).toBe(false);
  });

  it('catches every single-digit slip of a valid number', () => {
    const valid = '1234567893';
    for (let i = 0; i < 10; i++)
      for (let d = 0; d <= 9; d++) {
        const slip = valid.slice(0, i) + d + valid.slice(i + 1);
        if (slip !== valid) expect(isValidNpi(slip), slip).toBe(false);
      }
  });
});

describe('billing lines', () => {
  it('bills an online session as telehealth with modifier 95, an in-person one at the office', () => {
    expect(placeOfService('online', '10')).toEqual({ placeOfService: '10', modifier: '95' });
    expect(placeOfService('online', '02')).toEqual({ placeOfService: '02', modifier: '95' });
    expect(placeOfService('in-person', '10')).toEqual({ placeOfService: '11', modifier: null });
  });

  it('is ready only once its note is signed and, where a claim needs one, a diagnosis is recorded', () => {
    expect(effectiveStatus('open', false, false)).toBe('awaiting-note');
    expect(effectiveStatus('open', false, true)).toBe('awaiting-note');
    expect(effectiveStatus('open', true, true)).toBe('needs-diagnosis');
    expect(effectiveStatus('open', true, false)).toBe('ready');
    expect(effectiveStatus('exported', true, true)).toBe('exported');
  });

  it('needs a diagnosis for an insured member, not for a self-pay one; without a record, it waits', () => {
    const payer = (kind: string) => ({ kind });
    expect(lacksDiagnosis({ diagnosisCodes: [], payer: payer('insurance') })).toBe(true);
    expect(lacksDiagnosis({ diagnosisCodes: ['F41.1'], payer: payer('insurance') })).toBe(false);
    expect(lacksDiagnosis({ diagnosisCodes: [], payer: payer('self-pay') })).toBe(false);
    expect(lacksDiagnosis(null)).toBe(true);
  });

  it('moves exported lines to an outcome, a denied one to paid or written off, nothing else', () => {
    expect(outcomesFrom('exported')).toEqual(['paid', 'denied', 'written-off']);
    expect(outcomesFrom('denied')).toEqual(['paid', 'written-off']);
    expect(outcomesFrom('ready')).toEqual([]);
    expect(outcomesFrom('paid')).toEqual([]);
  });

  it('writes money with two decimals and knows a taxonomy code', () => {
    expect(money(15000)).toBe('150.00');
    expect(money(5)).toBe('0.05');
    expect(TAXONOMY_PATTERN.test('101YP2500X')).toBe(true);
    expect(TAXONOMY_PATTERN.test('101YP2500')).toBe(false);
  });
});
