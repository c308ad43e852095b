import { useMemo, useState } from 'react';
import { useAuth } from '../auth/AuthProvider';

/** A bearer token for staff, or why there is none yet. */
export function useStaffBearer(wanted: boolean): { bearer: (() => Promise<string>) | undefined; signInHere: boolean; signInElsewhere: boolean; setDev(token: string): void } {
  const auth = useAuth();
  const [dev, setDev] = useState<string | undefined>(undefined);
  const manager = auth.manager;
  const bearer = useMemo(() => {
    if (!wanted) return undefined;
    if (dev !== undefined) return () => Promise.resolve(dev);
    if (auth.status === 'signedIn' && manager !== null) {
      // the current token each time (renewed in the background); reissues during a long call use it too
      return async () => (await manager.getUser())?.access_token ?? '';
    }
    return undefined;
  }, [wanted, dev, auth.status, manager]);
  return {
    bearer,
    signInHere: wanted && dev === undefined && (auth.status === 'unconfigured' || auth.status === 'error'),
    signInElsewhere: wanted && dev === undefined && auth.status === 'signedOut',
    setDev,
  };
}
