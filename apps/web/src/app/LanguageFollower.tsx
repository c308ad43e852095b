import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../auth/useMe';
import { isLang, preferredLanguage } from '../lib/language';

/** Once the API says who signed in, show their own language (remembered per person). */
export function LanguageFollower() {
  const { i18n } = useTranslation();
  const me = useMe();
  const personId = me.data?.personId;
  useEffect(() => {
    if (personId === undefined) return;
    const own = me.data?.language !== undefined && isLang(me.data.language) ? me.data.language : preferredLanguage(personId);
    if (own !== i18n.language) void i18n.changeLanguage(own);
    // only when the person changes, not on every language switch
  }, [personId]);
  return null;
}
