import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useProfile } from '../auth/useProfile';
import { isLang, rememberLanguage } from '../lib/language';

/**
 * Once the API says who signed in, show their own language: the one kept in their profile (which their
 * emails use too), remembered on this browser for the next sign-in page.
 */
export function LanguageFollower() {
  const { i18n } = useTranslation();
  const profile = useProfile();
  const personId = profile.data?.id;
  const locale = profile.data?.locale;
  useEffect(() => {
    if (personId === undefined || !isLang(locale)) return;
    rememberLanguage(locale, personId);
    if (locale !== i18n.language) void i18n.changeLanguage(locale);
  }, [personId, locale, i18n]);
  return null;
}
