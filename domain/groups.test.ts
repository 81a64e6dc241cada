import { describe, expect, it } from 'vitest';
import { isTimeZone } from './groups.js';

describe('isTimeZone', () => {
  it('accepts IANA zones and UTC', () => {
    for (const zone of ['America/New_York', 'Europe/Madrid', 'Australia/Sydney', 'UTC'])
      expect(isTimeZone(zone), zone).toBe(true);
  });
  it('refuses abbreviations, offsets and made-up zones', () => {
    for (const zone of ['EST', '+02:00', 'Mars/Olympus_Mons', '', 'america/new york'])
      expect(isTimeZone(zone), zone).toBe(false);
  });
});
