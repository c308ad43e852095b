import { useTranslation } from 'react-i18next';
import { useLang } from '../lib/use-lang';
import { formatTimeRange } from '../lib/time';
import type { MeetingAbout as About } from '../token';

/**
 * The meeting's title and time under a view's heading ("Verkostoneuvottelu · ti 5.3.2030 klo 13.00–14.00"),
 * on the Helsinki clock in the page's language; a guest sees a neutral word instead of the title (which
 * may name the case). Nothing when the link carried a join token itself (the page then knows neither).
 */
export function MeetingAbout({ about }: { about: About | undefined }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (about === undefined) return null;
  return (
    <p className="kv-about" id="meeting-about">
      <span id="meeting-title" className="meeting-title">{about.title ?? t('video.join.neutralTitle')}</span>
      <span aria-hidden="true"> · </span>
      <time id="meeting-time" dateTime={about.startsAt}>{formatTimeRange(about.startsAt, about.endsAt, lang)}</time>
    </p>
  );
}
