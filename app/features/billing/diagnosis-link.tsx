import { Link } from 'react-router';
import { seesClinicalData } from '../../../domain/clinical-access.js';
import type { BillingLine } from '../../api/billing.js';
import { isAdmin, useViewer } from '../../api/session.js';
import { useT } from '../../i18n/use-t.js';

/**
 * Where a signed line that needs a diagnosis gets one: a link to the member's clinical record.
 * Once a code is saved there the line is ready, with no other step (decision 0039). An owner or
 * admin who does not run the group cannot open the record (decision 0019), so they are told whom
 * to ask instead of being sent to a page that refuses them.
 */
export function DiagnosisLink({
  line,
  name,
}: {
  line: Pick<BillingLine, 'userId' | 'clinicianId' | 'clinicianName'>;
  name: string;
}) {
  const t = useT();
  const viewer = useViewer().data;
  if (!line.userId || !viewer) return null;
  // Lines a clinician sees are their own groups'; an owner or admin reads the record only where they run the group.
  const role = viewer.practice.role;
  const opens = !isAdmin(role) || seesClinicalData(role, line.clinicianId === viewer.user.id);
  if (!opens)
    return <>{t('billing.needsDiagnosisAsk', { name, clinician: line.clinicianName ?? t('billing.theClinician') })}</>;
  return <Link to={`/people/${line.userId}/clinical-record`}>{t('billing.needsDiagnosisLink', { name })}</Link>;
}
