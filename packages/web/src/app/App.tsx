import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
// From react-router/dom, not react-router: only this one is given ReactDOM.flushSync, without which a navigation's
// `flushSync: true` is ignored (with a console warning) and the update stays a transition.
import { RouterProvider } from 'react-router/dom';
import { queryClient } from './api.ts';
import { createI18n, storedLocale } from './i18n/i18n.ts';
import { router } from './router.tsx';

const i18n = createI18n(storedLocale());
document.documentElement.lang = i18n.language;

// Blue for controls and red only for the product name: with a red primary, every focused input would look
// like a field in error.
const THEME = {
  token: {
    colorPrimary: '#1d4ed8',
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Helvetica Neue', Arial, sans-serif",
  },
};

// antd's own texts (pagination, date pickers, empty states) and dayjs dates follow the i18next language.
function LocalisedApp() {
  const { t, i18n: current } = useTranslation();
  const english = current.language === 'en';
  useEffect(() => {
    dayjs.locale(english ? 'en' : 'zh-cn');
    // The browser tab and bookmarks carry the product name in the chosen language too.
    document.title = t('app.title');
  }, [english, t]);
  return (
    <ConfigProvider locale={english ? enUS : zhCN} theme={THEME}>
      <AntApp>
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <LocalisedApp />
      </QueryClientProvider>
    </I18nextProvider>
  );
}
