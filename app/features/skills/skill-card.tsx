import type { SkillCard } from '../../api/skills.js';
import { useT } from '../../i18n/use-t.js';

/**
 * A skill card's words: what it is for, the steps, an example and something to try. Written in
 * the card's own language (`lang`), which a practice card may not share with the page.
 */
export function SkillCardBody({ card, headingLevel = 3 }: { card: SkillCard; headingLevel?: 2 | 3 | 4 }) {
  const t = useT();
  const Heading = `h${headingLevel}` as 'h2' | 'h3' | 'h4';
  return (
    <div className="skill-card" lang={card.language}>
      <p>{card.purpose}</p>
      <Heading>{t('skills.card.steps')}</Heading>
      <ol className="skill-card__steps">
        {card.steps.map((step, i) => (
          <li key={i}>{step}</li>
        ))}
      </ol>
      <Heading>{t('skills.card.example')}</Heading>
      <p className="skill-card__example">{card.example}</p>
      <Heading>{t('skills.card.prompt')}</Heading>
      <p>{card.prompt}</p>
      {card.relatedTo && <p className="muted">{t('skills.card.relatedTo', { name: card.relatedTo })}</p>}
    </div>
  );
}
