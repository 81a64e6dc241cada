import { CRISIS_CATEGORIES } from '../../../domain/crisis-screening.js';
import type { Lexicon } from '../../api/lexicon.js';
import { useT } from '../../i18n/use-t.js';
import { CATEGORY_KEYS, LANGUAGE_KEYS, LEVEL_KEYS } from './labels.js';

/** Hearth's own rules, idioms and negation words, read-only: what every post is screened for. */
export function ShippedRules({ lexicon }: { lexicon: Lexicon }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="lexicon-shipped-heading">
      <h2 id="lexicon-shipped-heading">{t('lexicon.shipped.heading')}</h2>
      <p>{t('lexicon.shipped.intro', { count: lexicon.shipped.length })}</p>
      {CRISIS_CATEGORIES.map((category) => {
        const rules = lexicon.shipped.filter((r) => r.category === category);
        return (
          <details key={category} className="lexicon-details">
            <summary>
              {t('lexicon.shipped.category', { category: t(CATEGORY_KEYS[category]), count: rules.length })}
            </summary>
            <ul className="list">
              {rules.map((rule) => (
                <li key={rule.id} className="list__item">
                  <p>
                    <code>{rule.phrase}</code>
                  </p>
                  <p className="muted">
                    {t('lexicon.shipped.facts', {
                      language: t(LANGUAGE_KEYS[rule.language]),
                      level: t(LEVEL_KEYS[rule.level]),
                      id: rule.id,
                    })}
                  </p>
                  <p className="muted">{t('lexicon.shipped.example', { example: rule.examples[0] ?? '' })}</p>
                </li>
              ))}
            </ul>
          </details>
        );
      })}
      <details className="lexicon-details">
        <summary>{t('lexicon.shipped.idioms', { count: lexicon.idioms.length })}</summary>
        <p>{t('lexicon.shipped.idiomsIntro')}</p>
        <ul className="list">
          {lexicon.idioms.map((idiom) => (
            <li key={idiom.id} className="list__item">
              <p>
                <code>{idiom.phrase}</code>
              </p>
              <p className="muted">{t('lexicon.shipped.example', { example: idiom.examples[0] ?? '' })}</p>
            </li>
          ))}
        </ul>
      </details>
      <details className="lexicon-details">
        <summary>{t('lexicon.shipped.negations')}</summary>
        <p>{t('lexicon.shipped.negationsIntro')}</p>
        <p>
          {lexicon.negations.map((word) => (
            <code key={word} className="tag">
              {word}
            </code>
          ))}
        </p>
      </details>
    </section>
  );
}
