import { describe, expect, it } from 'vitest';
import { CRISIS_RESOURCES, crisisResourcesFor } from './crisis-resources.js';

describe('crisis resources', () => {
  it('covers the United States first, then the UK, Canada, Australia, Ireland and Spain', () => {
    expect(CRISIS_RESOURCES.map((r) => r.country)).toEqual(['US', 'GB', 'CA', 'AU', 'IE', 'ES', 'INTL']);
  });

  it('gives the US lines named in PRODUCT.md §5', () => {
    const us = crisisResourcesFor('us');
    expect(us.emergency.action).toContain('911');
    const actions = us.lines.map((l) => l.action).join(' ');
    expect(actions).toContain('988');
    expect(actions).toContain('HOME to 741741');
    expect(us.lines.map((l) => l.href)).toContain('https://988lifeline.org/chat/');
  });

  it('never shows another country’s numbers: an unlisted country gets the international resources', () => {
    expect(crisisResourcesFor('DE').country).toBe('INTL');
    expect(crisisResourcesFor(null).country).toBe('INTL');
    expect(crisisResourcesFor('DE').emergency.action).not.toContain('911');
  });

  it('gives every country an emergency number and at least one line with an address', () => {
    for (const resources of CRISIS_RESOURCES) {
      expect(resources.emergency.href).toMatch(/^tel:\d+$/);
      expect(resources.lines.length).toBeGreaterThan(0);
      for (const line of resources.lines) expect(line.href).toMatch(/^(tel:|sms:|https:\/\/)/);
    }
  });
});
