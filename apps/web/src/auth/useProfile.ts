import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import type { Lang } from '../lib/language';
import { useAuth } from './AuthProvider';

export type Profile = components['schemas']['ProfileDto'];

/** The signed-in person's own record (GET /api/me/profile), with their language; undefined until signed in. */
export function useProfile() {
  const { user } = useAuth();
  return useQuery({
    queryKey: ['profile', user?.profile.sub],
    enabled: user !== null,
    queryFn: () => unwrap<Profile>(api.GET('/api/me/profile')),
    staleTime: 10 * 60_000,
  });
}

/** Saves the person's language in the API (PATCH /api/me/profile): the staff app and their emails follow it everywhere. */
export function useSaveLanguage(): (lang: Lang) => Promise<void> {
  const client = useQueryClient();
  const { user } = useAuth();
  return useCallback(async (lang: Lang) => {
    if (user === null) return;
    const saved = await unwrap<Profile>(api.PATCH('/api/me/profile', { body: { locale: lang } }));
    client.setQueryData(['profile', user.profile.sub], saved);
  }, [client, user]);
}
