import { useState } from 'react';
import { CRISIS_RESOURCES, crisisResourcesFor } from '../../domain/crisis-resources.js';
import { usePageTitle } from '../ui/page-title.js';

/** The country to start with, from the browser's language (en-GB → GB); the person can change it. */
function guessCountry(): string {
  const region = navigator.language.split('-')[1];
  return crisisResourcesFor(region).country;
}

/** "Need help now?": crisis lines, reachable from every page, signed in or not. */
export function HelpPage() {
  usePageTitle('Need help now?');
  const [country, setCountry] = useState(guessCountry);
  const resources = crisisResourcesFor(country);
  return (
    <>
      <h1>Need help now?</h1>
      <p className="lead">
        You do not have to wait for your next session. These services are free, confidential and answered by trained
        people.
      </p>
      <div className="field">
        <label htmlFor="country">Where are you?</label>
        <select id="country" value={resources.country} onChange={(e) => setCountry(e.target.value)}>
          {CRISIS_RESOURCES.map((r) => (
            <option key={r.country} value={r.country}>
              {r.countryName}
            </option>
          ))}
        </select>
      </div>
      <section className="card" aria-labelledby="emergency-heading">
        <h2 id="emergency-heading">If you are in danger right now</h2>
        <p>
          <a href={resources.emergency.href}>{resources.emergency.action}</a>
        </p>
      </section>
      <section className="card" aria-labelledby="lines-heading">
        <h2 id="lines-heading">Talk to someone</h2>
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
      <p>
        Your facilitator is there for you too, but they may not see messages straight away. For help now, use the
        services above.
      </p>
    </>
  );
}
