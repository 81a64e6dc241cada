import { useId, useState } from 'react';
import { Link } from 'react-router';
import { crisisCountries, crisisResourcesFor } from '../../domain/crisis-resources.js';
import { useViewer } from '../api/session.js';
import { useT } from '../i18n/use-t.js';

/**
 * The country to start with: the practice's, for anyone signed in (PRODUCT.md §5), so a phone that
 * speaks Spanish in the United States still starts with 988; else the browser's region (en-GB →
 * GB), as on a crisis page opened signed out or offline. The person can change it (the crisis
 * lines) or edit what it suggested (a new safety plan).
 */
export function useCrisisCountry(): string {
  const practiceCountry = useViewer().data?.practiceCountry;
  return crisisResourcesFor(practiceCountry ?? navigator.language.split('-')[1]).country;
}

/**
 * One tap to the member's own safety plan (docs/safety-plan.md); it opens offline too. In the live
 * room it opens beside the call (`beside`), so that reading the plan does not leave the session.
 */
export function SafetyPlanLink({ beside = false }: { beside?: boolean }) {
  const t = useT();
  return (
    <p className="safety-plan-link">
      <Link className="button" to="/safety-plan" {...(beside ? { target: '_blank', rel: 'noopener' } : {})}>
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
export function CrisisLines({ headingLevel = 2, beside = false }: { headingLevel?: 2 | 3; beside?: boolean }) {
  const t = useT();
  // Unique per use: the room can show the crisis lines twice (its help panel and a held message).
  const id = useId();
  const [chosen, setCountry] = useState<string | null>(null);
  const country = useCrisisCountry();
  // In the reader's language, lines that answer in it first (domain/crisis-resources.ts).
  const resources = crisisResourcesFor(chosen ?? country, t.locale);
  const Heading = `h${headingLevel}` as const;
  return (
    <>
      <SafetyPlanLink beside={beside} />
      <div className="field">
        <label htmlFor={`${id}-country`}>{t('crisisLines.country')}</label>
        <select id={`${id}-country`} value={resources.country} onChange={(e) => setCountry(e.target.value)}>
          {crisisCountries(t.locale).map((c) => (
            <option key={c.country} value={c.country}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <section className="card" aria-labelledby={`${id}-emergency`}>
        <Heading id={`${id}-emergency`}>{t('crisisLines.dangerHeading')}</Heading>
        <p>
          <a href={resources.emergency.href}>{resources.emergency.action}</a>
        </p>
      </section>
      <section className="card" aria-labelledby={`${id}-lines`}>
        <Heading id={`${id}-lines`}>{t('crisisLines.talkHeading')}</Heading>
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
