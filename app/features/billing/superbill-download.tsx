import { useState } from 'react';
import { GROUP_LEAD_ROLES } from '../../../domain/roles.js';
import { superbillUrl } from '../../api/billing.js';
import { useViewer } from '../../api/session.js';
import { useT } from '../../i18n/use-t.js';
import { TextField } from '../../ui/text-field.js';
import { thisYear } from './date-ranges.js';

/** A member's superbill for a range of dates, from their record: for those who bill (not supervisors). */
export function SuperbillDownload({ userId }: { userId: string }) {
  const t = useT();
  const viewer = useViewer();
  const [first] = useState(() => thisYear());
  const [from, setFrom] = useState(first.from);
  const [to, setTo] = useState(first.to);
  if (!viewer.data || !GROUP_LEAD_ROLES.includes(viewer.data.practice.role)) return null;
  return (
    <section className="card" aria-labelledby="superbill-heading">
      <h2 id="superbill-heading">{t('billing.superbillsHeading')}</h2>
      <p>{t('billing.superbillsIntro')}</p>
      <TextField
        name="superbill-from"
        type="date"
        label={t('billing.from')}
        value={from}
        onChange={(e) => setFrom(e.target.value)}
      />
      <TextField
        name="superbill-to"
        type="date"
        label={t('billing.to')}
        value={to}
        onChange={(e) => setTo(e.target.value)}
      />
      <p>
        <a className="button button--quiet" href={superbillUrl(userId, from, to)} download>
          {t('billing.downloadSuperbill')}
        </a>
      </p>
    </section>
  );
}
