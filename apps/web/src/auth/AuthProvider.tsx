import type { User, UserManager } from 'oidc-client-ts';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { connectSession } from '../api/client';
import { createUserManager, fetchSignInConfig, type SignInState } from './oidc';
import { forgetAllUnsavedMinutes } from '../lib/unsaved-minutes';

export type AuthStatus = 'loading' | 'signedOut' | 'signedIn' | 'unconfigured' | 'error';
/** why the person is signed out: they chose to, or the session ended under them */
export type SignedOutReason = 'expired' | 'signedOut' | undefined;

export interface Auth {
  status: AuthStatus;
  user: User | null;
  reason: SignedOutReason;
  error?: string;
  manager: UserManager | null;
  signIn(returnTo?: string): Promise<void>;
  signOut(): Promise<void>;
  /** the session ended under the person (expired token, renewal refused, API 401) */
  expire(): void;
}

const AuthContext = createContext<Auth | null>(null);

type Start = { kind: 'unconfigured' } | { kind: 'ready'; manager: UserManager; user: User | null; expired: boolean };
let started: Promise<Start> | undefined;

/** The identity provider and the stored session, looked up once per page load. */
function startOnce(connect: (m: UserManager) => void): Promise<Start> {
  started ??= (async (): Promise<Start> => {
    const config = await fetchSignInConfig();
    if (config.issuer === null || config.clientId === null) return { kind: 'unconfigured' };
    const manager = createUserManager({ ...config, issuer: config.issuer, clientId: config.clientId });
    connect(manager);
    let user = await manager.getUser();
    let expired = false;
    if (user !== null && user.expired === true) {
      user = user.refresh_token ? await manager.signinSilent().catch(() => null) : null;
      if (user === null) {
        expired = true;
        await manager.removeUser();
      }
    }
    return { kind: 'ready', manager, user, expired };
  })();
  return started;
}

export function useAuth(): Auth {
  const a = useContext(AuthContext);
  if (a === null) throw new Error('useAuth outside <AuthProvider>');
  return a;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [manager, setManager] = useState<UserManager | null>(null);
  const [user, setUser] = useState<User | null>(null);
  const [status, setStatus] = useState<AuthStatus>('loading');
  const [reason, setReason] = useState<SignedOutReason>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  const expire = useCallback(() => {
    setUser(null);
    setReason('expired');
    setStatus('signedOut');
    void manager?.removeUser();
  }, [manager]);
  const expireRef = useRef(expire);
  expireRef.current = expire;

  // Find the identity provider, then the stored session (renewing it if its access token ran out). Once
  // per page: React's development mode runs effects twice, and a second look would find the expired
  // session already removed and forget why.
  useEffect(() => {
    let cancelled = false;
    startOnce((m) => {
      // Before any page can ask the API: the client takes the token from the session store at each
      // request and reports 401s here (a 401 to a token since renewed ends nothing).
      connectSession({
        accessToken: async () => {
          const u = await m.getUser();
          return u !== null && u.expired !== true ? u.access_token : undefined;
        },
        unauthorized: (token) => {
          void m.getUser().then((u) => {
            if (u !== null && u.access_token === token) expireRef.current();
          });
        },
      });
    })
      .then((r) => {
        if (cancelled) return;
        if (r.kind === 'unconfigured') {
          setStatus('unconfigured');
          return;
        }
        if (r.expired) setReason('expired');
        setManager(r.manager);
        setUser(r.user);
        setStatus(r.user === null ? 'signedOut' : 'signedIn');
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        setError(e instanceof Error ? e.message : String(e));
        setStatus('error');
      });
    return () => {
      cancelled = true;
    };
  }, []);

  // Renewals replace the user; a renewal that fails, or a token that runs out anyway, ends the session.
  useEffect(() => {
    if (manager === null) return;
    const loaded = (u: User): void => {
      setUser(u);
      setStatus('signedIn');
    };
    const unloaded = (): void => setUser(null);
    manager.events.addUserLoaded(loaded);
    manager.events.addUserUnloaded(unloaded);
    manager.events.addSilentRenewError(expire);
    manager.events.addAccessTokenExpired(expire);
    return () => {
      manager.events.removeUserLoaded(loaded);
      manager.events.removeUserUnloaded(unloaded);
      manager.events.removeSilentRenewError(expire);
      manager.events.removeAccessTokenExpired(expire);
    };
  }, [manager, expire]);

  const signIn = useCallback(async (returnTo?: string) => {
    if (manager === null) return;
    const state: SignInState = { returnTo };
    await manager.signinRedirect({ state });
  }, [manager]);

  const signOut = useCallback(async () => {
    if (manager === null) return;
    const current = user;
    // minutes edits kept in this tab until saved (lib/unsaved-minutes.ts) go with the session
    forgetAllUnsavedMinutes();
    setStatus('signedOut');
    setReason('signedOut');
    setUser(null);
    // ends the session at the identity provider too, which sends the browser back to /sign-in?signedOut=1
    await manager.signoutRedirect(current?.id_token ? { id_token_hint: current.id_token } : {});
  }, [manager, user]);

  const value = useMemo<Auth>(() => ({ status, user, reason, error, manager, signIn, signOut, expire }), [status, user, reason, error, manager, signIn, signOut, expire]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
