import type { i18n } from 'i18next';
import en from '../locales/metrics/en.json';
import fi from '../locales/metrics/fi.json';
import sv from '../locales/metrics/sv.json';

/**
 * The metrics page's texts, added to i18next when the page's chunk loads: the sign-in page does not carry
 * them (about 5 kB gzip). Idempotent.
 */
export function addMetricsTexts(i: i18n): void {
  for (const [lang, texts] of [['fi', fi], ['sv', sv], ['en', en]] as const) {
    if (!i.exists('metrics.title', { lng: lang, fallbackLng: false })) i.addResourceBundle(lang, 'translation', texts, true, false);
  }
}
