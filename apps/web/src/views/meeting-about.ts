import { formatTimeRange } from '../lib/time';
import { h } from '../dom';
import { lang, onLangChange, t } from '../i18n';
import type { MeetingAbout } from '../token';

/**
 * The meeting's title and time under a view's heading ("Verkostoneuvottelu · ti 5.3.2030 klo 13.00–14.00"),
 * on the Helsinki clock in the page's language; a guest sees a neutral word instead of the title. Nothing
 * when the link carried a join token itself (the page then knows neither).
 */
export function meetingAbout(about: MeetingAbout | undefined): HTMLElement | null {
  if (about === undefined) return null;
  const title = h('span', { id: 'meeting-title', class: 'meeting-title' });
  const time = h('time', { id: 'meeting-time', attrs: { datetime: about.startsAt } });
  const fill = (): void => {
    title.textContent = about.title ?? t('join.neutralTitle');
    time.textContent = formatTimeRange(about.startsAt, about.endsAt, lang());
  };
  fill();
  onLangChange(() => {
    if (title.isConnected) fill();
  });
  return h('p', { class: 'meeting-about', id: 'meeting-about' }, title, h('span', { class: 'sep', text: ' · ', attrs: { 'aria-hidden': 'true' } }), time);
}
