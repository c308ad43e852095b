import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { i18n as I18n } from 'i18next';
import { installTestHook } from '../test-hook';
import type { PageParams } from '../token';
import { announce } from './announce';
import { CallController, type Announcement, type ControllerHooks } from './call-controller';
import { CallView } from './CallView';
import { JoinView } from './JoinView';
import { EndedView, ErrorView, LobbyView } from './SimpleViews';
import { CallContext, useCall, useCallState } from './use-call-state';

/** the SFU's error codes the catalogues have a sentence for */
const ERROR_CODES = ['invalid_token', 'token_expired', 'wrong_meeting', 'wrong_node', 'removed', 'meeting_ended', 'unavailable', 'network'] as const;
function isErrorCode(code: string): code is (typeof ERROR_CODES)[number] {
  return (ERROR_CODES as readonly string[]).includes(code);
}

function say(i18n: I18n, a: Announcement): string {
  switch (a.key) {
    case 'waitingAnn':
      return a.names.map((name) => i18n.t('video.call.waitingAnn', { name })).join(' ');
    case 'joinedAnn':
    case 'leftAnn':
    case 'mutedByHost':
      return i18n.t(`video.call.${a.key}`, { name: a.name });
    case 'devicesBlocked':
      return i18n.t('video.join.devicesBlocked');
    case 'shareFailed':
      return i18n.t('video.call.shareFailed');
  }
}

/**
 * The call's page once the join token is known: one CallController (signalling, media, the store) for as
 * long as the page is open, and the view its store's phase asks for. This module and what it imports
 * (mediasoup-client) load only here.
 */
export function CallPage({ params }: { params: PageParams }) {
  const { i18n } = useTranslation();
  // react-i18next hands out a new i18n wrapper per language: read the current one, never restart the call for it
  const lang = useRef(i18n);
  lang.current = i18n;
  const [controller, setController] = useState<CallController | null>(null);
  useEffect(() => {
    const hooks: ControllerHooks = {
      announce: (a) => announce(say(lang.current, a)),
      confirm: (what) => window.confirm(what.key === 'removeConfirm' ? lang.current.t('video.host.removeConfirm', { name: what.name }) : lang.current.t('video.host.endConfirm')),
    };
    const c = new CallController(params, hooks);
    // The test hook (window.__kohtaamo) exists only in a test build (`vite build --mode test`): Vite replaces
    // import.meta.env.MODE with a constant, so a production bundle holds neither the branch nor the module.
    const unhook = import.meta.env.MODE === 'test' ? installTestHook(c) : undefined;
    c.start();
    setController(c);
    return () => {
      unhook?.();
      c.dispose();
    };
  }, [params]);
  if (controller === null) return null;
  return (
    <CallContext.Provider value={controller}>
      <Views params={params} />
    </CallContext.Provider>
  );
}

function Views({ params }: { params: PageParams }) {
  const { t } = useTranslation();
  const call = useCall();
  const state = useCallState();
  switch (state.phase) {
    case 'join':
    case 'joining':
      return <JoinView about={params.about} />;
    case 'lobby':
      return <LobbyView preview={call.local.video} about={params.about} onLeave={() => void call.leave()} />;
    case 'call':
      return <CallView />;
    case 'ended':
      return <EndedView reason={state.ended?.reason ?? 'left'} onRejoin={state.ended?.canRejoin === true ? () => call.restart() : undefined} />;
    case 'error': {
      const code = state.error?.code ?? 'internal';
      const message = isErrorCode(code) ? t(`video.error.${code}`) : t('video.error.other', { code });
      return <ErrorView code={code} message={message} onRetry={state.error?.retry === true ? () => call.restart() : undefined} />;
    }
  }
}
