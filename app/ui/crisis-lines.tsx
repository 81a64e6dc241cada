import { useState } from 'react';
import { Link } from 'react-router';
import { crisisCountries, crisisResourcesFor } from '../../domain/crisis-resources.js';
import { useT } from '../i18n/use-t.js';

/** The country to start with, from the browser's language (en-GB → GB); the person can change it. */
function guessCountry(): string {
  const region = navigator.language.split('-')[1];
  return crisisResourcesFor(region).country;
}

/** One tap to the member's own safety plan (docs/safety-plan.md); it opens offline too. */
export function SafetyPlanLink() {
  const t = useT();
  return (
    <p className="safety-plan-link">
      <Link className="button" to="/safety-plan">
        {t('safetyPlan.open')}
      </Link>
    </p>
  );
}

/**
 * Crisis lines for the person's country: their own safety plan first (one tap, and it opens
 * offline too), then a choice of country, danger-now, and people to talk to. Every crisis screen
 * shows this, so none can leave the plan out.
 */
export function CrisisLines({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const t = useT();
  const [country, setCountry] = useState(guessCountry);
  // In the reader's language, lines that answer in it first (domain/crisis-resources.ts).
  const resources = crisisResourcesFor(country, t.locale);
  const Heading = `h${headingLevel}` as const;
  return (
    <>
      <SafetyPlanLink />
      <div className="field">
        <label htmlFor="country">{t('crisisLines.country')}</label>
        <select id="country" value={resources.country} onChange={(e) => setCountry(e.target.value)}>
          {crisisCountries(t.locale).map((c) => (
            <option key={c.country} value={c.country}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <section className="card" aria-labelledby="emergency-heading">
        <Heading id="emergency-heading">{t('crisisLines.dangerHeading')}</Heading>
        <p>
          <a href={resources.emergency.href}>{resources.emergency.action}</a>
        </p>
      </section>
      <section className="card" aria-labelledby="lines-heading">
        <Heading id="lines-heading">{t('crisisLines.talkHeading')}</Heading>
        <ul className="list">
          {resources.lines.map((line) => (
            <li key={line.name} className="list__item">
              <div>
                <strong>{line.name}</strong>
                <br />
                {line.href ? <a href={line.href}>{line.action}</a> : line.action}
              </div>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
