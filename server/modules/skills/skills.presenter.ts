import { DEFAULT_LOCALE, isLocale } from '../../../domain/locale.js';
import type { PracticeVisibility, ShippedSkillCard } from '../../../domain/skills.js';
import { toInstant } from '../../db/instant.js';

export interface PresentedCard {
  id: string;
  shipped: boolean;
  language: string;
  basedOn: string | null;
  relatedTo: string | null;
  title: string;
  purpose: string;
  steps: string[];
  example: string;
  prompt: string;
}

/** One of Hearth's own cards, in the reader's language. */
export function presentShipped(card: ShippedSkillCard, locale: string): PresentedCard {
  const language = isLocale(locale) ? locale : DEFAULT_LOCALE;
  return { id: card.id, shipped: true, language, basedOn: null, relatedTo: card.relatedTo, ...card.text[language] };
}

/** A practice's own card, in the language it was written in. */
export function presentPracticeCard(row: {
  id: string;
  language: string;
  basedOn: string | null;
  title: string;
  purpose: string;
  steps: string;
  example: string;
  prompt: string;
}): PresentedCard {
  const { id, language, basedOn, title, purpose, example, prompt } = row;
  return {
    id,
    shipped: false,
    language,
    basedOn,
    relatedTo: null,
    title,
    purpose,
    steps: JSON.parse(row.steps) as string[],
    example,
    prompt,
  };
}

/** A log as its reader may see it, its words already opened. */
export function presentLog(
  row: {
    id: string;
    groupId: string;
    cardId: string;
    rating: number;
    visibility: string;
    createdAt: Date | string;
    updatedAt: Date | string;
  },
  words: { situation: string; learned: string | null; cardTitle: string },
) {
  return {
    id: row.id,
    groupId: row.groupId,
    cardId: row.cardId,
    cardTitle: words.cardTitle,
    situation: words.situation,
    learned: words.learned,
    rating: row.rating,
    visibility: row.visibility as PracticeVisibility,
    createdAt: toInstant(row.createdAt),
    updatedAt: toInstant(row.updatedAt),
  };
}

/** The name a member goes by in a group: peers see only the display name (PRODUCT §3.2). */
export function groupName(row: { displayName: string | null; name: string }, staff: boolean): string {
  return row.displayName ?? (staff ? row.name : '');
}
