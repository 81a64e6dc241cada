import { useMutation } from '@tanstack/react-query';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import type { Group } from '../../api/groups.js';

/** The group's public link where people can ask to join, for its facilitators to open, renew or close. */
export function SelfReferralLink({ group, mayEdit }: { group: Group; mayEdit: boolean }) {
  const changed = useChanged();
  const change = useMutation({
    mutationFn: (on: boolean) =>
      api<Group>(`/api/groups/${group.id}/self-referral-link`, { method: on ? 'PUT' : 'DELETE' }),
    onSuccess: () => changed({ group: group.id }),
  });
  const link = group.selfReferralToken ? `${window.location.origin}/join/${group.selfReferralToken}` : null;
  return (
    <section className="card" aria-labelledby="self-referral-heading">
      <h2 id="self-referral-heading">Let people ask to join</h2>
      {link ? (
        <>
          <p>Anyone with this link can ask for a place. They appear in Members as referred, and you decide.</p>
          <p className="secret" aria-label="The group's public link">
            {link}
          </p>
        </>
      ) : (
        <p>No public link is open. You can open one to share on a flyer or a website.</p>
      )}
      {mayEdit && (
        <div className="actions">
          <button
            type="button"
            className="button button--quiet"
            onClick={() => change.mutate(true)}
            disabled={change.isPending}
          >
            {link ? 'Make a new link (the old one stops working)' : 'Open a public link'}
          </button>
          {link && (
            <button
              type="button"
              className="button button--quiet"
              onClick={() => change.mutate(false)}
              disabled={change.isPending}
            >
              Close the link
            </button>
          )}
        </div>
      )}
    </section>
  );
}
