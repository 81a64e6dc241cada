import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { GROUP_LEAD_ROLES } from '../../domain/roles.js';
import { useChanged } from '../api/changes.js';
import { api } from '../api/client.js';
import type { Group, GroupInput } from '../api/groups.js';
import { GroupForm } from '../features/groups/group-form.js';
import { useT } from '../i18n/use-t.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';

/** Create a group. */
export function NewGroupPage() {
  const t = useT();
  usePageTitle(t('newGroup.title'));
  const changed = useChanged();
  const navigate = useNavigate();
  const create = useMutation({
    mutationFn: (input: GroupInput) => api<Group>('/api/groups', { method: 'POST', body: input }),
    onSuccess: (group) => {
      void changed('groups');
      void navigate(`/groups/${group.id}`, { state: { notice: t('newGroup.created', { name: group.name }) } });
    },
  });
  return (
    <RequireViewer roles={GROUP_LEAD_ROLES}>
      {(viewer) => (
        <>
          <h1>{t('newGroup.title')}</h1>
          <p className="lead">{t('newGroup.lead')}</p>
          <GroupForm
            viewerId={viewer.user.id}
            submitLabel={t('newGroup.submit')}
            pending={create.isPending}
            error={create.error}
            onSubmit={(input) => create.mutate(input)}
          />
        </>
      )}
    </RequireViewer>
  );
}
