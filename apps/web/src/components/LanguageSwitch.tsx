import { useTranslation } from 'react-i18next';
import { LanguageMenu, LanguageMenuItem } from 'suomifi-ui-components';
import { useMe } from '../auth/useMe';
import { useSaveLanguage } from '../auth/useProfile';
import { LANG_NAMES, LANGS, isLang, rememberLanguage } from '../lib/language';

/** fi / sv / en on every page; remembered on this browser and, signed in, in the person's profile. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const save = useSaveLanguage();
  const current = isLang(i18n.language) ? i18n.language : 'fi';
  return (
    <LanguageMenu
      id="language-menu"
      buttonText={<span lang={current}>{current.toUpperCase()}</span>}
      aria-label={t('header.languageMenu', { language: LANG_NAMES[current] })}
    >
      {LANGS.map((l) => (
        <LanguageMenuItem
          key={l}
          lang={l}
          selected={l === current}
          onSelect={() => {
            rememberLanguage(l, me.data?.personId);
            void i18n.changeLanguage(l);
            // signed in: the profile keeps it for every browser and for the person's emails
            save(l).catch((e: unknown) => console.warn('[kohtaamo] saving the language:', e));
          }}
        >
          {LANG_NAMES[l]} ({l.toUpperCase()})
        </LanguageMenuItem>
      ))}
    </LanguageMenu>
  );
}
