import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../locales/en.json';
import fi from '../locales/fi.json';
import sv from '../locales/sv.json';
import type metricsFi from '../locales/metrics/fi.json';
import { setApiLanguage } from '../api/client';
import { type Lang } from '../lib/language';

/** The catalogues, bundled (three small files): a page never waits for its texts. */
export const catalogues = { fi, sv, en } as const;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    /** the metrics page's texts are added when that page loads (locales/metrics/), not carried by the sign-in page */
    resources: { translation: typeof fi & typeof metricsFi };
  }
}

/** i18next with the three catalogues; plurals by Intl.PluralRules (keys _one/_other); <html lang> follows. */
export function createI18n(lang: Lang): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: { fi: { translation: fi }, sv: { translation: sv }, en: { translation: en } },
    lng: lang,
    fallbackLng: false,
    supportedLngs: ['fi', 'sv', 'en'],
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
    initAsync: false,
  });
  const follow = (l: string): void => {
    document.documentElement.lang = l;
    setApiLanguage(l);
  };
  follow(lang);
  instance.on('languageChanged', follow);
  return instance;
}
