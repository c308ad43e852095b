import { useTranslation } from 'react-i18next';
import { isLang, type Lang } from './language';

/** The language the app shows now. */
export function useLang(): Lang {
  const { i18n } = useTranslation();
  return isLang(i18n.language) ? i18n.language : 'fi';
}
