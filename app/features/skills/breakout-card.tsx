import { useSkillCard } from '../../api/skills.js';
import { useT } from '../../i18n/use-t.js';
import { SkillCardBody } from './skill-card.js';

/**
 * The skill card a role-play breakout practises, for everyone in it (docs/skills.md, "For the
 * live room"): its title and, opened, its words (in the reader's language for Hearth's own).
 */
export function BreakoutCard({ cardId }: { cardId: string }) {
  const t = useT();
  const card = useSkillCard(cardId);
  if (!card.data) return null;
  return (
    <details className="card breakout-card">
      <summary>
        {t('skills.room.practising')} <span lang={card.data.language}>{card.data.title}</span>
      </summary>
      <SkillCardBody card={card.data} headingLevel={3} />
    </details>
  );
}
