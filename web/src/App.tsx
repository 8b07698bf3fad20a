import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Navigate, NavigationType, useLocation, useNavigationType, useParams, useRoutes, type RouteObject } from 'react-router';
import { ImportWizard } from './features/import/ImportWizard';
import { AcceptLinkPage } from './features/invitations/AcceptLinkPage';
import { OrganizationCreatePage } from './features/organizations/OrganizationCreatePage';
import { OrganizationDetailPage } from './features/organizations/OrganizationDetailPage';
import { OrganizationListPage } from './features/organizations/OrganizationListPage';
import { PeopleListPage } from './features/people/PeopleListPage';
import { PersonCreatePage } from './features/people/PersonCreatePage';
import { PersonDetailPage } from './features/people/PersonDetailPage';
import { PropertySettingsPage } from './features/settings/PropertySettingsPage';
import { SetupPage } from './features/setup/SetupPage';
import { ForgotPasswordPage } from './features/sign-in/ForgotPasswordPage';
import { SignInPage } from './features/sign-in/SignInPage';
import { SupportPage } from './features/support/SupportPage';
import { TicketCreatePage } from './features/tickets/TicketCreatePage';
import { TicketDetailPage } from './features/tickets/TicketDetailPage';
import { TicketListPage } from './features/tickets/TicketListPage';
import { ApiError, api, onUnauthorized } from './shared/api';
import { SessionContext, type Session } from './shared/SessionContext';
import type { PeopleKind, SessionUser } from './shared/types';
import { ErrorBanner } from './shared/ui/ErrorBanner';
import { Layout } from './shared/ui/Layout';
import { PageHeader } from './shared/ui/PageHeader';

type Phase =
  { name: 'loading' } | { name: 'failed'; error: unknown } | { name: 'setup' } | { name: 'sign-in' } | { name: 'app'; user: SessionUser };

/** `/{application}/12…` opens record 12; any other second segment shows the application's list. */
function RecordOrList({ list, record }: { list: ReactNode; record: (id: number) => ReactNode }) {
  const { id } = useParams();
  return id !== undefined && /^\d+$/.test(id) ? record(Number(id)) : list;
}

function peopleRoutes(kind: PeopleKind): RouteObject {
  const list = <PeopleListPage key={kind} kind={kind} />;
  return {
    path: kind,
    children: [
      { index: true, element: list },
      { path: 'import/*', element: <ImportWizard entity={kind} /> },
      { path: 'new/*', element: <PersonCreatePage key={kind} kind={kind} /> },
      {
        path: ':id/*',
        element: <RecordOrList list={list} record={(id) => <PersonDetailPage key={`${kind}/${id}`} kind={kind} id={id} />} />,
      },
    ],
  };
}

/** The signed-in pages. Each URL can be bookmarked and reloaded: the server answers every non-API path with the app. */
const ROUTES: RouteObject[] = [
  { index: true, element: <Navigate to="/customers" replace /> },
  peopleRoutes('customers'),
  peopleRoutes('users'),
  {
    path: 'organizations',
    children: [
      { index: true, element: <OrganizationListPage /> },
      { path: 'import/*', element: <ImportWizard entity="organizations" /> },
      { path: 'new', element: <OrganizationCreatePage /> },
      {
        path: ':id/*',
        element: <RecordOrList list={<OrganizationListPage />} record={(id) => <OrganizationDetailPage key={id} id={id} />} />,
      },
    ],
  },
  {
    path: 'tickets',
    children: [
      { index: true, element: <TicketListPage /> },
      { path: 'import/*', element: <ImportWizard entity="tickets" /> },
      { path: 'new', element: <TicketCreatePage /> },
      { path: ':id/*', element: <RecordOrList list={<TicketListPage />} record={(id) => <TicketDetailPage key={id} id={id} />} /> },
    ],
  },
  {
    path: 'settings',
    children: [
      { index: true, element: <Navigate to="/settings/properties/customers" replace /> },
      { path: 'properties', element: <Navigate to="/settings/properties/customers" replace /> },
      { path: 'properties/:kind', element: <PropertySettingsPage /> },
    ],
  },
  { path: '*', element: <PageHeader title="Page not found" subtitle="Choose an application on the left." /> },
];

/** The page at the current URL; a move to a new page starts at its top. */
function AppRoutes() {
  const location = useLocation();
  const navigationType = useNavigationType();
  useEffect(() => {
    if (navigationType !== NavigationType.Pop) window.scrollTo(0, 0);
  }, [location, navigationType]);
  return useRoutes(ROUTES);
}

/** Decides between setup, sign-in and the app, and routes inside the app. */
export function App() {
  const [phase, setPhase] = useState<Phase>({ name: 'loading' });
  const { pathname } = useLocation();

  useEffect(() => {
    let cancelled = false;
    (async () => {
      if (await api.needsSetup()) return { name: 'setup' } as const;
      try {
        return { name: 'app', user: await api.me() } as const;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return { name: 'sign-in' } as const;
        throw e;
      }
    })().then(
      (next) => !cancelled && setPhase(next),
      (error: unknown) => !cancelled && setPhase({ name: 'failed', error }),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => onUnauthorized(() => setPhase({ name: 'sign-in' })), []);

  const signedIn = useCallback((user: SessionUser) => {
    setPhase({ name: 'app', user });
  }, []);

  const session = useMemo<Session | undefined>(
    () =>
      phase.name === 'app'
        ? {
            user: phase.user,
            signOut: () => {
              void api.signOut().finally(() => setPhase({ name: 'sign-in' }));
            },
          }
        : undefined,
    [phase],
  );

  // The support form is public: anyone may open it, signed in or not, set up or not.
  if (pathname === '/support') return <SupportPage signedIn={phase.name === 'app'} />;
  // Sign-in links and the forgot-password form are public too: whoever holds a link may use it, signed in or not.
  const link = /^\/(?:invitation|reset-password)\/([^/]+)\/?$/.exec(pathname);
  if (link) return <AcceptLinkPage key={link[1]} token={decodeURIComponent(link[1]!)} onSignedIn={signedIn} />;
  if (pathname === '/forgot-password') return <ForgotPasswordPage />;

  switch (phase.name) {
    case 'loading':
      return <div className="boot" aria-busy="true" aria-label="Loading Roster" />;
    case 'failed':
      return (
        <main className="auth-page">
          <div className="auth-card">
            <h1>Roster is unavailable</h1>
            <ErrorBanner error={phase.error} />
          </div>
        </main>
      );
    case 'setup':
      return <SetupPage onDone={signedIn} />;
    case 'sign-in':
      return <SignInPage onSignedIn={signedIn} />;
    case 'app':
      return (
        <SessionContext.Provider value={session}>
          <Layout>
            <AppRoutes />
          </Layout>
        </SessionContext.Provider>
      );
  }
}
