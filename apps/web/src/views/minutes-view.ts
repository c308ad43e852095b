import { clear, focusHeading, h } from '../dom';
import { t } from '../i18n';
import { JoinTokenError, reasonText, signIn } from '../join-token';
import type { PageParams } from '../token';
import { renderErrorView } from './simple-views';

interface MinutesView {
  version: number;
  question: string | null;
  summary: string;
  attendance: Array<{ name: string; organisation: string | null; attendance: string }>;
  actions: Array<{ what: string; responsibleName: string | null; dueDate: string }>;
}

/**
 * Finalised minutes read from the link in a minutes email (/#minutes=<id>[&invitation=<token>]): staff sign
 * in, a guest or family member uses their own invitation. The API checks the consent at this moment and
 * answers with Cache-Control: no-store; the page keeps nothing (no storage), and the PDF is downloaded
 * from here, never mailed.
 */
export async function renderMinutesView(root: HTMLElement, params: PageParams, minutesId: string): Promise<void> {
  const base = params.apiUrl ?? '';
  try {
    const authorization = params.invitation !== undefined ? `Invitation ${params.invitation}` : `Bearer ${await signIn(root, base)}`;
    const path = `${base}/api/minutes/${encodeURIComponent(minutesId)}`;
    const res = await fetch(path, { headers: { authorization }, cache: 'no-store' });
    const body = (await res.json().catch(() => ({}))) as MinutesView & { message?: string };
    if (!res.ok) throw new JoinTokenError(res.status);
    clear(root);
    const download = h('button', { id: 'minutes-download', class: 'primary', i18n: 'minutes.download', attrs: { type: 'button' }, on: { click: () => void downloadPdf(`${path}/pdf`, authorization, body.version) } });
    const section = h('section', { class: 'card', id: 'minutes-view', attrs: { 'aria-labelledby': 'minutes-heading' } },
      h('h1', { id: 'minutes-heading', i18n: 'minutes.heading' }),
      h('p', { text: t('minutes.version', { version: body.version }) }),
      body.question ? h('h2', { i18n: 'minutes.question' }) : null,
      body.question ? h('p', { id: 'minutes-question', text: body.question }) : null,
      h('h2', { i18n: 'minutes.summary' }),
      h('p', { id: 'minutes-summary', text: body.summary }),
      h('h2', { i18n: 'minutes.attendance' }),
      h('ul', {}, ...body.attendance.map((a) => h('li', { text: `${a.name}${a.organisation ? ` (${a.organisation})` : ''}` }))),
      body.actions.length ? h('h2', { i18n: 'minutes.actions' }) : null,
      body.actions.length ? h('ol', {}, ...body.actions.map((a) => h('li', { text: `${a.what}${a.responsibleName ? ` – ${a.responsibleName}` : ''}, ${a.dueDate}` }))) : null,
      download,
      h('p', { class: 'hint', i18n: 'minutes.private' }),
    );
    root.append(section);
    focusHeading(section);
  } catch (e) {
    renderErrorView(root, 'minutes', t('minutes.failed', { reason: reasonText(e) }), undefined);
  }
}

async function downloadPdf(url: string, authorization: string, version: number): Promise<void> {
  const res = await fetch(url, { headers: { authorization }, cache: 'no-store' });
  if (!res.ok) return;
  const href = URL.createObjectURL(await res.blob());
  const a = h('a', { attrs: { href, download: `minutes-v${version}.pdf` } });
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(href);
}
