import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import type { Me } from '../api/types';
import { useAuth } from './AuthProvider';

/** Who the API says the signed-in person is (name, roles); null until signed in. */
export function useMe() {
  const { user } = useAuth();
  return useQuery({
    queryKey: ['me', user?.profile.sub],
    enabled: user !== null,
    queryFn: async () => (await unwrap(api.GET('/api/me'))) as unknown as Me,
    staleTime: 5 * 60_000,
  });
}
