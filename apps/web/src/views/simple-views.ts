import type { SessionEndReason } from '../../../sfu/src/signalling/protocol.types';
import { clear, focusHeading, h } from '../dom';
import type { MeetingAbout } from '../token';
import { meetingAbout } from './meeting-about';

/** A guest waits here until a host lets them in. */
export function renderLobbyView(root: HTMLElement, preview: MediaStream | null, about: MeetingAbout | undefined, onLeave: () => void): void {
  clear(root);
  const video = h('video', { i18nAria: 'join.preview', attrs: { autoplay: true, playsinline: true } });
  video.muted = true;
  video.srcObject = preview;
  video.hidden = preview === null;
  const section = h('section', { class: 'card lobby', id: 'lobby-view', attrs: { 'aria-labelledby': 'lobby-heading', 'aria-busy': 'true' } },
    h('h1', { id: 'lobby-heading', i18n: 'lobby.heading' }),
    meetingAbout(about),
    h('div', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }),
    h('p', { i18n: 'lobby.text' }),
    h('div', { class: 'preview small' }, video),
    h('button', { id: 'lobby-leave', i18n: 'lobby.leave', attrs: { type: 'button' }, on: { click: onLeave } }),
  );
  root.append(section);
  focusHeading(section);
}

/** The session is over (left, removed, ended...). */
export function renderEndedView(root: HTMLElement, reason: SessionEndReason, onRejoin: (() => void) | undefined): void {
  clear(root);
  const section = h('section', { class: 'card ended', id: 'ended-view', attrs: { 'aria-labelledby': 'ended-heading', 'data-reason': reason } },
    h('h1', { id: 'ended-heading', i18n: 'ended.heading' }),
    h('p', { id: 'ended-reason', i18n: `ended.${reason}` }),
    onRejoin === undefined ? null : h('button', { id: 'rejoin-button', class: 'primary', i18n: 'ended.rejoin', attrs: { type: 'button' }, on: { click: onRejoin } }),
  );
  root.append(section);
  focusHeading(section);
}

/** Joining failed: one sentence that says why and what to do. */
export function renderErrorView(root: HTMLElement, code: string, message: string, onRetry: (() => void) | undefined): void {
  clear(root);
  const section = h('section', { class: 'card error-view', id: 'error-view', attrs: { 'aria-labelledby': 'error-heading', 'data-code': code } },
    h('h1', { id: 'error-heading', i18n: 'error.heading' }),
    h('p', { id: 'error-message', class: 'error', attrs: { role: 'alert' }, text: message }),
    onRetry === undefined ? null : h('button', { id: 'retry-button', class: 'primary', i18n: 'error.retry', attrs: { type: 'button' }, on: { click: onRetry } }),
  );
  root.append(section);
  focusHeading(section);
}
