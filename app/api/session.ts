import { useQuery } from '@tanstack/react-query';
import { api, ApiError } from './client.js';

export interface Viewer {
  user: { id: string; name: string; email: string };
  practice: { id: string; name: string; role: string } | null;
}

export const queryKeys = {
  setup: ['setup'] as const,
  session: ['session'] as const,
};

/** Whether first-run setup is still needed. */
export function useSetupStatus() {
  return useQuery({ queryKey: queryKeys.setup, queryFn: () => api<{ needed: boolean }>('/api/setup') });
}

/** The signed-in person, or null when nobody is signed in. */
export function useViewer() {
  return useQuery({
    queryKey: queryKeys.session,
    queryFn: async () => {
      try {
        return await api<Viewer>('/api/session');
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
  });
}
