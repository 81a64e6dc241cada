import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { IfsItemInput } from '../../../domain/ifs.js';
import { api } from '../../api/client.js';
import { useChanged } from '../../api/changes.js';
import { selfCareKeys, type IfsItem, type IfsItems } from '../../api/self-care.js';

/** The member's own items. */
export function useMyIfs() {
  return useQuery({ queryKey: selfCareKeys.myIfs, queryFn: () => api<IfsItems>('/api/my/ifs') });
}

/** Starts an item (private), and saves one as the member goes: the list is refreshed after each. */
export function useIfsMutations() {
  const changed = useChanged();
  const queryClient = useQueryClient();
  const keep = (item: IfsItem) => {
    queryClient.setQueryData<IfsItems>(selfCareKeys.myIfs, (old) =>
      old ? { ...old, items: old.items.map((i) => (i.id === item.id ? item : i)) } : old,
    );
  };
  const create = useMutation({
    mutationFn: (input: IfsItemInput) => api<IfsItem>('/api/my/ifs', { method: 'POST', body: input }),
    onSuccess: () => void changed('mine'),
  });
  const save = useMutation({
    mutationFn: ({ id, input }: { id: string; input: IfsItemInput }) =>
      api<IfsItem>(`/api/my/ifs/${id}`, { method: 'PUT', body: input }),
    onSuccess: keep,
  });
  const share = useMutation({
    mutationFn: ({ id, shared }: { id: string; shared: boolean }) =>
      api<IfsItem>(`/api/my/ifs/${id}/sharing`, { method: 'PUT', body: { shared } }),
    // The answer is the item as it now is: shown at once, so the box never flickers back.
    onSuccess: (item) => {
      keep(item);
      void changed('mine');
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api<void>(`/api/my/ifs/${id}`, { method: 'DELETE' }),
    onSuccess: () => void changed('mine'),
  });
  return { create, save, share, remove };
}
