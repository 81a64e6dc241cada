import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { GROUP_LEAD_ROLES } from '../../domain/roles.js';
import { useChanged } from '../api/changes.js';
import { api } from '../api/client.js';
import type { Group, GroupInput } from '../api/groups.js';
import { GroupForm } from '../features/groups/group-form.js';
import { usePageTitle } from '../ui/page-title.js';
import { RequireViewer } from '../ui/require-viewer.js';

/** Create a group. */
export function NewGroupPage() {
  usePageTitle('New group');
  const changed = useChanged();
  const navigate = useNavigate();
  const create = useMutation({
    mutationFn: (input: GroupInput) => api<Group>('/api/groups', { method: 'POST', body: input }),
    onSuccess: (group) => {
      void changed('groups');
      void navigate(`/groups/${group.id}`, { state: { notice: `${group.name} is created.` } });
    },
  });
  return (
    <RequireViewer roles={GROUP_LEAD_ROLES}>
      {(viewer) => (
        <>
          <h1>New group</h1>
          <p className="lead">Everything here can be changed later.</p>
          <GroupForm
            viewerId={viewer.user.id}
            submitLabel="Create group"
            pending={create.isPending}
            error={create.error}
            onSubmit={(input) => create.mutate(input)}
          />
        </>
      )}
    </RequireViewer>
  );
}
