import { Button, Grid, Layout, Menu, Radio, Space, Typography } from 'antd';
import { MenuOutlined } from '@ant-design/icons';
import {
  lazy,
  type ReactNode,
  Suspense,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { Link, useLocation } from 'react-router';
import { useAuth } from '../auth/auth';
import { useI18n } from '../i18n/i18n';
import { type Language } from '../i18n/dictionary';
import { NotificationBell } from './NotificationBell';
import { useCycleTexts } from '../pages/cycle/cycle-texts';

// The phone menu's drawer is fetched the first time it opens, not with every page's first load.
const Drawer = lazy(() => import('antd/es/drawer'));

interface NavItem {
  key: string;
  path: string;
  label: string;
}

export function AppLayout({ children }: { children: ReactNode }) {
  const { t, language, setLanguage } = useI18n();
  const auth = useAuth();
  const ct = useCycleTexts();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const [drawerOpen, setDrawerOpen] = useState(false);
  // Mounted from the first opening on, so that it can animate closed afterwards.
  const [drawerUsed, setDrawerUsed] = useState(false);
  // The horizontal menu is used only while it fits on the header's one line: how many links fit
  // depends on the role (up to 7), the language and the user's name, so it is measured rather than
  // guessed from a breakpoint. `narrowBelow` is the window width at which it last did not fit.
  const headerRef = useRef<HTMLElement>(null);
  const [windowWidth, setWindowWidth] = useState(() => window.innerWidth);
  const [narrowBelow, setNarrowBelow] = useState(0);
  const compact = !screens.md || windowWidth < narrowBelow;

  const items: NavItem[] = [];
  if (auth.hasRole('official')) items.push({ key: 'inbox', path: '/inbox', label: t('nav.inbox') });
  if (auth.hasRole('official'))
    items.push({ key: 'mine', path: '/instances', label: t('nav.myCases') });
  if (auth.hasRole('official'))
    items.push({ key: 'new', path: '/instances/new', label: t('nav.new') });
  items.push({ key: 'directives', path: '/directives', label: ct('nav.directives') });
  if (auth.hasRole('admin', 'auditor') || (auth.hasRole('official') && auth.can('dispatcher')))
    items.push({ key: 'campaigns', path: '/campaigns', label: ct('nav.campaigns') });
  items.push({ key: 'meetings', path: '/meetings', label: ct('nav.meetings') });
  // The scorecard is for the Dân vận Board (who assigns work), auditors and admins.
  if (auth.hasRole('admin', 'auditor') || (auth.hasRole('official') && auth.can('dispatcher')))
    items.push({ key: 'monitoring', path: '/monitoring', label: t('nav.monitoring') });
  if (auth.hasRole('auditor', 'admin'))
    items.push({ key: 'audit', path: '/audit', label: t('nav.audit') });
  if (auth.hasRole('admin')) items.push({ key: 'admin', path: '/admin', label: t('nav.admin') });
  const selected = items
    .filter(
      (item) => location.pathname === item.path || location.pathname.startsWith(`${item.path}/`),
    )
    .sort((a, b) => b.path.length - a.path.length)
    .slice(0, 1)
    .map((item) => item.key);

  const fitKey = `${language}|${auth.user?.fullName ?? ''}|${items.map((item) => item.key).join()}`;
  useEffect(() => {
    const onResize = () => setWindowWidth(window.innerWidth);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  // Other words or other links may fit where the previous ones did not: measure again.
  useEffect(() => setNarrowBelow(0), [fitKey]);
  useLayoutEffect(() => {
    const header = headerRef.current;
    if (compact || !header) return;
    const check = () => {
      // Wrapped links (or a wrapped user box) make the 64 px header overflow.
      if (
        header.scrollHeight > header.clientHeight + 1 ||
        header.scrollWidth > header.clientWidth + 1
      ) {
        setNarrowBelow(window.innerWidth + 1);
      }
    };
    check();
    const observer = new ResizeObserver(check);
    observer.observe(header);
    for (const child of header.children) observer.observe(child);
    return () => observer.disconnect();
  }, [compact, fitKey, windowWidth]);

  const menuItems = items.map((item) => ({
    key: item.key,
    label: (
      <Link to={item.path} onClick={() => setDrawerOpen(false)}>
        {item.label}
      </Link>
    ),
  }));

  const languageSwitch = (
    <Radio.Group
      aria-label={t('nav.language')}
      optionType="button"
      size="small"
      value={language}
      onChange={(event) => setLanguage(event.target.value as Language)}
      options={[
        { value: 'vi', label: <span lang="vi">VI</span>, title: 'Tiếng Việt' },
        { value: 'en', label: <span lang="en">EN</span>, title: 'English' },
      ]}
    />
  );

  const userBox = auth.user && (
    <Space size="small" wrap>
      {/* Below 1600 px the name gives its room to the links; the sign-out button still says it. */}
      {screens.xxl && (
        <Typography.Text
          style={{ color: '#fff' }}
          title={t('nav.signedInAs', { name: auth.user.fullName })}
        >
          {auth.user.fullName || auth.user.username}
        </Typography.Text>
      )}
      <Button
        size="small"
        onClick={auth.signOut}
        title={t('nav.signedInAs', { name: auth.user.fullName || auth.user.username })}
      >
        {t('nav.signOut')}
      </Button>
    </Space>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <Layout.Header className="app-header" ref={headerRef}>
        <Link to="/" className="app-brand">
          {/* The long name only where there is room to spare, so up to seven links still fit. */}
          {compact || !screens.xxl ? t('app.short') : t('app.title')}
        </Link>
        {compact ? (
          <Space>
            {languageSwitch}
            {auth.user && <NotificationBell />}
            <Button
              aria-label={t('nav.menu')}
              aria-expanded={drawerOpen}
              icon={<MenuOutlined />}
              onClick={() => {
                setDrawerUsed(true);
                setDrawerOpen(true);
              }}
            />
          </Space>
        ) : (
          <>
            <nav aria-label={t('nav.menu')} className="app-nav">
              <Menu
                theme="dark"
                mode="horizontal"
                selectedKeys={selected}
                items={menuItems}
                disabledOverflow
              />
            </nav>
            <Space size="middle">
              {languageSwitch}
              {auth.user && <NotificationBell />}
              {userBox}
            </Space>
          </>
        )}
      </Layout.Header>
      {compact && drawerUsed && (
        <Suspense fallback={null}>
          <Drawer
            title={t('app.title')}
            placement="right"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            size={280}
          >
            <nav aria-label={t('nav.menu')}>
              <Menu mode="vertical" selectedKeys={selected} items={menuItems} />
            </nav>
            {auth.user && (
              <Space orientation="vertical" style={{ marginTop: 16 }}>
                <Typography.Text>{auth.user.fullName || auth.user.username}</Typography.Text>
                <Button onClick={auth.signOut}>{t('nav.signOut')}</Button>
              </Space>
            )}
          </Drawer>
        </Suspense>
      )}
      {/* antd's Layout.Content is itself a <main>; one landmark per page, so a plain one here. */}
      <main id="main" tabIndex={-1} className="app-content">
        {children}
      </main>
    </Layout>
  );
}
