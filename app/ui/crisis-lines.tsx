import { useMemo, useState } from 'react';
import { CRISIS_RESOURCES, crisisResourcesFor, type CrisisResources } from '../../domain/crisis-resources.js';
import { useT } from '../i18n/use-t.js';

/** The country to start with, from the browser's language (en-GB → GB); the person can change it. */
function guessCountry(): string {
  const region = navigator.language.split('-')[1];
  return crisisResourcesFor(region).country;
}

/** Crisis lines for the person's country: a choice of country, danger-now, and people to talk to. */
export function CrisisLines({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const t = useT();
  const [country, setCountry] = useState(guessCountry);
  const resources = crisisResourcesFor(country);
  const Heading = `h${headingLevel}` as const;
  // Country names in the reader's language; "INTL" (anywhere else) is not a country code.
  const regions = useMemo(() => new Intl.DisplayNames([t.locale], { type: 'region' }), [t.locale]);
  const countryName = (r: CrisisResources) =>
    r.country === 'INTL' ? t('crisisLines.anotherCountry') : (regions.of(r.country) ?? r.countryName);
  return (
    <>
      <div className="field">
        <label htmlFor="country">{t('crisisLines.country')}</label>
        <select id="country" value={resources.country} onChange={(e) => setCountry(e.target.value)}>
          {CRISIS_RESOURCES.map((r) => (
            <option key={r.country} value={r.country}>
              {countryName(r)}
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
