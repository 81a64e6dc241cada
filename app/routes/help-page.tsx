import { Link } from 'react-router';
import { useT } from '../i18n/use-t.js';
import { CrisisLines } from '../ui/crisis-lines.js';
import { usePageTitle } from '../ui/page-title.js';

/**
 * "Need help now?": crisis lines, reachable from every page, signed in or not, and one tap to the
 * member's own safety plan. Both keep working on the phone without a network once opened
 * (app/service-worker.js, docs/safety-plan.md).
 */
export function HelpPage() {
  const t = useT();
  usePageTitle(t('help.title'));
  return (
    <>
      <h1>{t('help.title')}</h1>
      <p className="lead">{t('help.lead')}</p>
      <CrisisLines />
      <p>{t('help.facilitator')}</p>
      <p>
        <Link to="/when-things-get-hard">{t('safetyPlan.education')}</Link>
      </p>
    </>
  );
}
