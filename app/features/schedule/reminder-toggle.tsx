import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';

/**
 * One person's e-mail reminders for one group, on or off. The box changes at once; if saving
 * fails it goes back and says so.
 */
export function ReminderToggle({ groupId, on, label }: { groupId: string; on: boolean; label: string }) {
  const changed = useChanged();
  const [checked, setChecked] = useState(on);
  const [said, setSaid] = useState('');
  const toggle = useMutation({
    mutationFn: (next: boolean) => api(`/api/my/groups/${groupId}/reminders`, { method: 'PUT', body: { on: next } }),
    onSuccess: (_result, next) => {
      setSaid(next ? 'Reminders are on.' : 'Reminders are off.');
      void changed({ group: groupId });
    },
    onError: (_error, next) => setChecked(!next),
  });
  return (
    <>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={checked}
          onChange={(e) => {
            setChecked(e.target.checked);
            toggle.mutate(e.target.checked);
          }}
        />
        {label}
      </label>
      <span role="status" className="muted">
        {toggle.isError ? `That was not saved: ${toggle.error.message}` : said}
      </span>
    </>
  );
}
