import { t, type MessageKey } from './i18n';

type Child = Node | string | null | undefined | false;

export interface Props {
  class?: string;
  id?: string;
  /** plain text content */
  text?: string;
  /** translated text content, kept up to date on language change */
  i18n?: MessageKey;
  /** translated aria-label, kept up to date on language change */
  i18nAria?: MessageKey;
  attrs?: Record<string, string | number | boolean | undefined>;
  on?: Partial<{ [E in keyof HTMLElementEventMap]: (ev: HTMLElementEventMap[E]) => void }>;
}

/** Creates an element: h('button', { class: 'x', i18n: 'call.leave', on: { click } }, ...children). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class !== undefined) el.className = props.class;
  if (props.id !== undefined) el.id = props.id;
  if (props.i18n !== undefined) {
    el.dataset['i18n'] = props.i18n;
    el.textContent = t(props.i18n);
  } else if (props.text !== undefined) {
    el.textContent = props.text;
  }
  if (props.i18nAria !== undefined) {
    el.dataset['i18nAria'] = props.i18nAria;
    el.setAttribute('aria-label', t(props.i18nAria));
  }
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [event, handler] of Object.entries(props.on ?? {})) {
    if (handler !== undefined) el.addEventListener(event, handler as EventListener);
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c);
  }
  return el;
}

export function clear(el: Element): void {
  while (el.firstChild !== null) el.firstChild.remove();
}

/** Says something to screen-reader users through the page's polite live region. */
export function announce(message: string): void {
  const region = document.getElementById('announcer');
  if (region === null) return;
  region.textContent = '';
  // A fresh text node in a later frame is announced even when the text repeats.
  requestAnimationFrame(() => {
    region.textContent = message;
  });
}

/** Moves keyboard focus to a view's heading so screen readers announce the new view. */
export function focusHeading(root: Element): void {
  const heading = root.querySelector<HTMLElement>('h1, h2');
  if (heading === null) return;
  heading.tabIndex = -1;
  heading.focus();
}
