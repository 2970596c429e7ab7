import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../api/types.ts';
import { changeLocale } from '../i18n/i18n.ts';
import { usePhone } from '../responsive-list.tsx';

/** 中文 | English; the choice is stored in localStorage and applies before and after sign-in. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  // on a phone the header has no room for "English"; "EN" still names the language in itself
  const phone = usePhone();
  return (
    <Segmented<Locale>
      size="small"
      aria-label={t('language.label')}
      value={i18n.language === 'en' ? 'en' : 'zh-CN'}
      // Each language is named in itself so a user who cannot read the current one still finds theirs.
      options={[
        { value: 'zh-CN', label: '中文' },
        { value: 'en', label: phone ? 'EN' : 'English' },
      ]}
      onChange={(locale) => void changeLocale(i18n, locale)}
    />
  );
}
