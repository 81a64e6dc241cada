import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useChanged } from '../../api/changes.js';
import { api } from '../../api/client.js';
import { useT } from '../../i18n/use-t.js';

/**
 * One person's e-mail reminders for one group, on or off. The box changes at once; if saving
 * fails it goes back and says so.
 */
export function ReminderToggle({ groupId, on, label }: { groupId: string; on: boolean; label: string }) {
  const t = useT();
  const changed = useChanged();
  const [checked, setChecked] = useState(on);
  // What was last saved, said in the language of the moment it is read.
  const [said, setSaid] = useState<'on' | 'off' | null>(null);
  const toggle = useMutation({
    mutationFn: (next: boolean) => api(`/api/my/groups/${groupId}/reminders`, { method: 'PUT', body: { on: next } }),
    onSuccess: (_result, next) => {
      setSaid(next ? 'on' : 'off');
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
        {toggle.isError
          ? t('reminderToggle.notSaved', { problem: toggle.error.message })
          : said && t(said === 'on' ? 'reminderToggle.on' : 'reminderToggle.off')}
      </span>
    </>
  );
}
