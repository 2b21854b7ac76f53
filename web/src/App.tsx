import { Skeleton } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import { BrowserRouter, Link, Navigate, Route, Routes } from 'react-router';
import { ReferenceProvider } from './api/reference';
import { useAuth } from './auth/auth';
import { AppLayout } from './components/AppLayout';
import { usePageTitle } from './components/usePageTitle';
import { useI18n } from './i18n/i18n';
import { InboxPage } from './pages/InboxPage';
import { LoginPage } from './pages/LoginPage';

// antd's Result carries large SVG illustrations (403, 404) no signed-in inbox needs: fetched when
// one of those pages is shown.
const Result = lazy(() => import('antd/es/result'));

// Loaded when first visited, so a phone on a slow link downloads the inbox first; the forms
// (react-jsonschema-form and ajv) and the auditor's and admin's pages come later.
const InstancePage = lazy(() =>
  import('./pages/InstancePage').then((m) => ({ default: m.InstancePage })),
);
const NewInstancePage = lazy(() =>
  import('./pages/NewInstancePage').then((m) => ({ default: m.NewInstancePage })),
);
const MyCasesPage = lazy(() =>
  import('./pages/MyCasesPage').then((m) => ({ default: m.MyCasesPage })),
);
const AuditPage = lazy(() => import('./pages/AuditPage').then((m) => ({ default: m.AuditPage })));
const AuditTimelinePage = lazy(() =>
  import('./pages/AuditTimelinePage').then((m) => ({ default: m.AuditTimelinePage })),
);
const AdminPage = lazy(() => import('./pages/AdminPage').then((m) => ({ default: m.AdminPage })));
const AdminDefinitionPage = lazy(() =>
  import('./pages/AdminDefinitionPage').then((m) => ({ default: m.AdminDefinitionPage })),
);

const DirectivesPage = lazy(() =>
  import('./pages/cycle/DirectivesPage').then((m) => ({ default: m.DirectivesPage })),
);
const CampaignsPage = lazy(() =>
  import('./pages/cycle/CampaignsPage').then((m) => ({ default: m.CampaignsPage })),
);
const NewCampaignPage = lazy(() =>
  import('./pages/cycle/NewCampaignPage').then((m) => ({ default: m.NewCampaignPage })),
);
const MeetingsPage = lazy(() =>
  import('./pages/cycle/MeetingsPage').then((m) => ({ default: m.MeetingsPage })),
);
const CampaignPage = lazy(() =>
  import('./pages/cycle/CampaignPage').then((m) => ({ default: m.CampaignPage })),
);

const MonitoringPage = lazy(() =>
  import('./pages/monitoring/MonitoringPage').then((m) => ({ default: m.MonitoringPage })),
);

const DocumentPrintPage = lazy(() =>
  import('./pages/cycle/DocumentPrintPage').then((m) => ({ default: m.DocumentPrintPage })),
);

function Home() {
  const auth = useAuth();
  if (auth.hasRole('official')) return <Navigate to="/inbox" replace />;
  if (auth.hasRole('auditor')) return <Navigate to="/audit" replace />;
  if (auth.hasRole('admin')) return <Navigate to="/admin" replace />;
  return <Navigate to="/inbox" replace />;
}

function RequireRole({ roles, children }: { roles: string[]; children: ReactNode }) {
  const auth = useAuth();
  const { t } = useI18n();
  if (!auth.hasRole(...roles)) return <Result status="403" title={t('common.forbidden')} />;
  return <>{children}</>;
}

function NotFound() {
  const { t } = useI18n();
  usePageTitle(t('notFound.title'));
  return (
    <Result
      status="404"
      title={t('notFound.title')}
      extra={<Link to="/">{t('common.back')}</Link>}
    />
  );
}

export function App() {
  const auth = useAuth();
  if (!auth.user) return <LoginPage />;
  return (
    <BrowserRouter>
      {/* Keyed by user: a new sign-in starts with fresh reference data and pages. */}
      <ReferenceProvider key={auth.user.id}>
        <AppLayout>
          <Suspense fallback={<Skeleton active />}>
            <Routes>
              <Route path="/" element={<Home />} />
              <Route path="/login" element={<Home />} />
              <Route path="/inbox" element={<InboxPage />} />
              <Route path="/instances" element={<MyCasesPage />} />
              <Route path="/instances/new" element={<NewInstancePage />} />
              <Route path="/instances/:id" element={<InstancePage />} />
              <Route path="/instances/:id/document" element={<DocumentPrintPage />} />
              <Route
                path="/audit"
                element={
                  <RequireRole roles={['auditor', 'admin']}>
                    <AuditPage />
                  </RequireRole>
                }
              />
              <Route
                path="/audit/instances/:id"
                element={
                  <RequireRole roles={['auditor', 'admin']}>
                    <AuditTimelinePage />
                  </RequireRole>
                }
              />
              <Route
                path="/admin"
                element={
                  <RequireRole roles={['admin']}>
                    <AdminPage />
                  </RequireRole>
                }
              />
              <Route
                path="/admin/definitions/:key"
                element={
                  <RequireRole roles={['admin']}>
                    <AdminDefinitionPage />
                  </RequireRole>
                }
              />
              <Route path="/monitoring" element={<MonitoringPage />} />
              <Route path="/directives" element={<DirectivesPage />} />
              <Route path="/campaigns" element={<CampaignsPage />} />
              <Route path="/campaigns/new" element={<NewCampaignPage />} />
              <Route path="/campaigns/:id" element={<CampaignPage />} />
              <Route path="/meetings" element={<MeetingsPage />} />
              <Route path="*" element={<NotFound />} />
            </Routes>
          </Suspense>
        </AppLayout>
      </ReferenceProvider>
    </BrowserRouter>
  );
}
