import { useT } from '../../i18n/use-t.js';
import { CrisisLines } from '../../ui/crisis-lines.js';

/**
 * What a member sees when screening held their words for the facilitators (PRODUCT.md §5): what
 * happens next, and the crisis lines at once, without waiting for anyone.
 */
export function HeldNotice({ what }: { what: 'entry' | 'feedback' }) {
  const t = useT();
  return (
    <section className="card card--attention" aria-labelledby="held-heading">
      <h2 id="held-heading">{t('skills.held.heading')}</h2>
      <p role="status">{t('skills.held.body', { what })}</p>
      <p>{t('skills.held.noNeedToWait')}</p>
      <CrisisLines headingLevel={3} />
    </section>
  );
}
