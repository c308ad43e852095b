import { createContext, useContext, useSyncExternalStore } from 'react';
import type { CallController } from './call-controller';
import type { CallState } from './call-store';

/** The join page's controller (and through it the call's store), for the views below it. */
export const CallContext = createContext<CallController | null>(null);

export function useCall(): CallController {
  const c = useContext(CallContext);
  if (c === null) throw new Error('useCall outside the join page');
  return c;
}

/** The call's state, re-rendering when the store changes (React's own external-store subscription). */
export function useCallState(): CallState {
  const { store } = useCall();
  return useSyncExternalStore(store.subscribe, store.getState, store.getState);
}
