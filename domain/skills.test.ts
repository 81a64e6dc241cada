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
  it('starts weeks on Monday at midnight where the group meets', () => {
    expect(weekStart('2026-11-29T23:00:00Z', 'UTC')).toBe('2026-11-23T00:00:00.000Z');
    expect(weekStart('2026-11-30T00:00:00Z', 'UTC')).toBe('2026-11-30T00:00:00.000Z');
    // 18:00 on Sunday 29 November in Los Angeles is Monday in UTC, but still the week of the 23rd there.
    expect(weekStart('2026-11-30T02:00:00Z', 'America/Los_Angeles')).toBe('2026-11-23T08:00:00.000Z');
    // 08:00 on Monday 30 November in Auckland is Sunday in UTC, but the new week there.
    expect(weekStart('2026-11-29T19:00:00Z', 'Pacific/Auckland')).toBe('2026-11-29T11:00:00.000Z');
  });

  it('ends a week with a change of clocks at its Sunday midnight', () => {
    // The US left summer time on Sunday 1 November 2026: that week began at 00:00 PDT (07:00 UTC) and
    // ends at 00:00 PST (08:00 UTC), 169 hours later; 23:30 that Sunday is still in it.
    expect(weekStart('2026-11-02T07:30:00Z', 'America/Los_Angeles')).toBe('2026-10-26T07:00:00.000Z');
    expect(weekStart('2026-11-02T08:00:00Z', 'America/Los_Angeles')).toBe('2026-11-02T08:00:00.000Z');
  });

  it('gives each week its mean rating and count, oldest first', () => {
    expect(
      weeklyPractice(
        [
          { at: '2026-11-30T10:00:00Z', rating: 8 },
          { at: '2026-11-24T10:00:00Z', rating: 3 },
          { at: '2026-11-25T10:00:00Z', rating: 4 },
          // Sunday evening in Los Angeles: Monday in UTC, the first week where the group meets.
          { at: '2026-11-30T02:00:00Z', rating: 5 },
        ],
        'America/Los_Angeles',
      ),
    ).toEqual([
      { week: '2026-11-23T08:00:00.000Z', mean: 4, count: 3 },
      { week: '2026-11-30T08:00:00.000Z', mean: 8, count: 1 },
    ]);
    expect(weeklyPractice([], 'Europe/London')).toEqual([]);
  });
});
