import { Link } from 'react-router';
import { useT } from '../../i18n/use-t.js';

/** One tap from every crisis screen to the member's own safety plan (it opens offline too). */
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
