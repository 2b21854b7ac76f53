import { App as AntApp, ConfigProvider } from 'antd';
// The ES builds: `antd/locale/*` are CommonJS and drag a second copy of the picker locales along.
import enUS from 'antd/es/locale/en_US';
import viVN from 'antd/es/locale/vi_VN';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { AuthProvider } from './auth/auth';
import { dismissEarlyInbox } from './components/early-inbox-shell';
import { I18nProvider, useI18n } from './i18n/i18n';
import './styles.css';

/**
 * Colours darkened from antd's defaults where its text would fall below WCAG AA contrast
 * (primary buttons and links, secondary text, error messages).
 */
const THEME = {
  token: {
    colorPrimary: '#0b3d91',
    colorLink: '#0b3d91',
    colorError: '#c41d2a',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.65)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
    borderRadius: 6,
    fontFamily:
      "'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, 'Liberation Sans', sans-serif",
  },
};

function Localized() {
  const { language } = useI18n();
  return (
    <ConfigProvider locale={language === 'vi' ? viVN : enUS} theme={THEME}>
      <AntApp>
        <AuthProvider>
          <App />
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <I18nProvider>
        <Localized />
      </I18nProvider>
    </StrictMode>,
  );
  // The inbox page takes over from the early one as soon as its rows are ready; whatever the app
  // shows instead (a sign-in form for a session it no longer has), it never stays hidden for long.
  window.setTimeout(dismissEarlyInbox, 5_000);
}
