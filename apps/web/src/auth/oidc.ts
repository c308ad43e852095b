import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import { api, unwrap } from '../api/client';
import { isVideoPage } from '../video-address';

export interface SignInConfig {
  issuer: string | null;
  clientId: string | null;
  scope: string;
}

/** Where to sign in: asked from the API, which is configured with the identity provider (OIDC_ISSUER, OIDC_AUDIENCE). */
export function fetchSignInConfig(): Promise<SignInConfig> {
  return unwrap(api.GET('/api/auth/sign-in-config'));
}

export const CALLBACK_PATH = '/auth/callback';

/**
 * OpenID Connect authorization code flow with PKCE (oidc-client-ts). Tokens live in sessionStorage (gone
 * when the tab closes); the access token is renewed with the refresh token before it expires, and when
 * renewal fails the app asks the person to sign in again.
 */
export function createUserManager(config: SignInConfig & { issuer: string; clientId: string }): UserManager {
  const origin = window.location.origin;
  return new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: `${origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: `${origin}/sign-in?signedOut=1`,
    response_type: 'code',
    scope: config.scope,
    automaticSilentRenew: true,
    // renew a minute before the access token expires
    accessTokenExpiringNotificationTimeInSeconds: 60,
    monitorSession: false,
    loadUserInfo: false,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
}

/** What the app keeps from the sign-in round trip: where to go back to. */
export interface SignInState {
  returnTo?: string;
}

export function returnToOf(user: User): string {
  const s = user.state as SignInState | undefined;
  return safeReturnTo(s?.returnTo);
}

/** only a path of this app, never another origin */
export function safeReturnTo(to: unknown): string {
  return typeof to === 'string' && to.startsWith('/') && !to.startsWith('//') ? to : '/';
}

/** Goes back where sign-in started: inside the React app by the router, to the video page (/join…) by a page load. */
export function goBack(to: string, navigate: (to: string, o: { replace: boolean }) => void): void {
  const url = new URL(to, window.location.origin);
  if (isVideoPage(url)) window.location.replace(to);
  else navigate(to, { replace: true });
}
