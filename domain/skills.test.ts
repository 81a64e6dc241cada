import { describe, expect, it } from 'vitest';
import { LOCALES } from './locale.js';
import { SHIPPED_SKILL_CARDS, SkillCardLimits, weekStart, weeklyPractice } from './skills.js';

describe('shipped skill cards', () => {
  it.each(SHIPPED_SKILL_CARDS.map((c) => [c.id, c] as const))(
    '%s is whole in every language and fits the limits',
    (_, card) => {
      for (const locale of LOCALES) {
        const text = card.text[locale];
        expect(text.title.length).toBeLessThanOrEqual(SkillCardLimits.title.max);
        expect(text.purpose.length).toBeLessThanOrEqual(SkillCardLimits.purpose.max);
        expect(text.example.length).toBeLessThanOrEqual(SkillCardLimits.example.max);
        expect(text.prompt.length).toBeLessThanOrEqual(SkillCardLimits.prompt.max);
        expect(text.steps.length).toBeGreaterThanOrEqual(SkillCardLimits.steps.min);
        expect(text.steps.length).toBeLessThanOrEqual(SkillCardLimits.steps.max);
        // The same steps in each language, so a group reading two languages follows one card.
        expect(text.steps).toHaveLength(card.text.en.steps.length);
      }
    },
  );

  it('has the six skills the product names, each id once', () => {
    expect(new Set(SHIPPED_SKILL_CARDS.map((c) => c.id)).size).toBe(6);
  });
});

describe('weekly practice', () => {
  it('starts weeks on Monday (UTC)', () => {
    expect(weekStart('2026-11-29T23:00:00Z')).toBe('2026-11-23T00:00:00.000Z');
    expect(weekStart('2026-11-30T00:00:00Z')).toBe('2026-11-30T00:00:00.000Z');
  });

  it('gives each week its mean rating and count, oldest first', () => {
    expect(
      weeklyPractice([
        { at: '2026-11-30T10:00:00Z', rating: 8 },
        { at: '2026-11-24T10:00:00Z', rating: 3 },
        { at: '2026-11-25T10:00:00Z', rating: 4 },
      ]),
    ).toEqual([
      { week: '2026-11-23T00:00:00.000Z', mean: 3.5, count: 2 },
      { week: '2026-11-30T00:00:00.000Z', mean: 8, count: 1 },
    ]);
    expect(weeklyPractice([])).toEqual([]);
  });
});
