import { Link } from 'react-router';
import type { BillingLine } from '../../api/billing.js';
import { useT } from '../../i18n/use-t.js';

/**
 * Where a signed line that needs a diagnosis gets one: the member's clinical record. Once a code
 * is saved there the line is ready, with no other step (decision 0039).
 */
export function DiagnosisLink({ userId, name }: { userId: BillingLine['userId']; name: string }) {
  const t = useT();
  if (!userId) return null;
  return <Link to={`/people/${userId}/clinical-record`}>{t('billing.needsDiagnosisLink', { name })}</Link>;
}
