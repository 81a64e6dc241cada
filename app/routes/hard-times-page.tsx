import { Link } from 'react-router';
import { SafetyPlanLink } from '../ui/crisis-lines.js';
import { useT } from '../i18n/use-t.js';
import { usePageTitle } from '../ui/page-title.js';

/**
 * "When things get hard": a short page in Hearth's words on what to do, and what the group can
 * and cannot offer (the education strand of suicide prevention, docs/safety-plan.md). Kept
 * offline with the crisis page.
 */
export function HardTimesPage() {
  const t = useT();
  usePageTitle(t('safetyPlan.hardTimes.title'));
  return (
    <>
      <h1>{t('safetyPlan.hardTimes.title')}</h1>
      <p className="lead">{t('safetyPlan.hardTimes.lead')}</p>
      <section className="card" aria-labelledby="hard-now">
        <h2 id="hard-now">{t('safetyPlan.hardTimes.now.heading')}</h2>
        <ol>
          <li>{t('safetyPlan.hardTimes.now.plan')}</li>
          <li>{t('safetyPlan.hardTimes.now.someone')}</li>
          <li>{t('safetyPlan.hardTimes.now.line')}</li>
          <li>{t('safetyPlan.hardTimes.now.danger')}</li>
        </ol>
        <SafetyPlanLink />
        <p>
          <Link to="/help">{t('safetyPlan.hardTimes.crisisLines')}</Link>
        </p>
      </section>
      <section className="card" aria-labelledby="hard-signs">
        <h2 id="hard-signs">{t('safetyPlan.hardTimes.signs.heading')}</h2>
        <p>{t('safetyPlan.hardTimes.signs.body')}</p>
      </section>
      <section className="card" aria-labelledby="hard-group">
        <h2 id="hard-group">{t('safetyPlan.hardTimes.group.heading')}</h2>
        <p>{t('safetyPlan.hardTimes.group.can')}</p>
        <p>{t('safetyPlan.hardTimes.group.cannot')}</p>
        <p>{t('safetyPlan.hardTimes.group.facilitators')}</p>
      </section>
    </>
  );
}
