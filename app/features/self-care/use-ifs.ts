import { useMutation, useQuery } from '@tanstack/react-query';
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
  const create = useMutation({
    mutationFn: (input: IfsItemInput) => api<IfsItem>('/api/my/ifs', { method: 'POST', body: input }),
    onSuccess: () => void changed('mine'),
  });
  const save = useMutation({
    mutationFn: ({ id, input }: { id: string; input: IfsItemInput }) =>
      api<IfsItem>(`/api/my/ifs/${id}`, { method: 'PUT', body: input }),
    onSuccess: () => changed('mine'),
  });
  const share = useMutation({
    mutationFn: ({ id, shared }: { id: string; shared: boolean }) =>
      api<IfsItem>(`/api/my/ifs/${id}/sharing`, { method: 'PUT', body: { shared } }),
    // Read again before the mutation settles, so the box shows the new state without flickering back.
    onSuccess: () => changed('mine'),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api<void>(`/api/my/ifs/${id}`, { method: 'DELETE' }),
    onSuccess: () => void changed('mine'),
  });
  return { create, save, share, remove };
}
