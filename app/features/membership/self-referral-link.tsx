import { useMutation } from '@tanstack/react-query';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import type { Group } from '../../api/groups.js';
import { useT } from '../../i18n/use-t.js';

/** The group's public link where people can ask to join, for its facilitators to open, renew or close. */
export function SelfReferralLink({ group, mayEdit }: { group: Group; mayEdit: boolean }) {
  const t = useT();
  const changed = useChanged();
  const change = useMutation({
    mutationFn: (on: boolean) =>
      api<Group>(`/api/groups/${group.id}/self-referral-link`, { method: on ? 'PUT' : 'DELETE' }),
    onSuccess: () => changed({ group: group.id }),
  });
  const link = group.selfReferralToken ? `${window.location.origin}/join/${group.selfReferralToken}` : null;
  return (
    <section className="card" aria-labelledby="self-referral-heading">
      <h2 id="self-referral-heading">{t('selfReferralLink.heading')}</h2>
      {link ? (
        <>
          <p>{t('selfReferralLink.open')}</p>
          <p className="secret" aria-label={t('selfReferralLink.linkLabel')}>
            {link}
          </p>
        </>
      ) : (
        <p>{t('selfReferralLink.closed')}</p>
      )}
      {mayEdit && (
        <div className="actions">
          <button
            type="button"
            className="button button--quiet"
            onClick={() => change.mutate(true)}
            disabled={change.isPending}
          >
            {link ? t('selfReferralLink.renew') : t('selfReferralLink.openLink')}
          </button>
          {link && (
            <button
              type="button"
              className="button button--quiet"
              onClick={() => change.mutate(false)}
              disabled={change.isPending}
            >
              {t('selfReferralLink.close')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
