import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ImportWizard } from './features/import/ImportWizard';
import { OrganizationDetailPage } from './features/organizations/OrganizationDetailPage';
import { OrganizationListPage } from './features/organizations/OrganizationListPage';
import { PeopleListPage } from './features/people/PeopleListPage';
import { PersonCreatePage } from './features/people/PersonCreatePage';
import { PersonDetailPage } from './features/people/PersonDetailPage';
import { SetupPage } from './features/setup/SetupPage';
import { SignInPage } from './features/sign-in/SignInPage';
import { TicketDetailPage } from './features/tickets/TicketDetailPage';
import { TicketListPage } from './features/tickets/TicketListPage';
import { ApiError, api, onUnauthorized } from './shared/api';
import { SessionContext, type Session } from './shared/SessionContext';
import type { SessionUser } from './shared/types';
import { navigate, useRoute, type Route } from './shared/useRoute';
import { ErrorBanner } from './shared/ui/ErrorBanner';
import { Layout } from './shared/ui/Layout';
import { PageHeader } from './shared/ui/PageHeader';

type Phase =
  { name: 'loading' } | { name: 'failed'; error: unknown } | { name: 'setup' } | { name: 'sign-in' } | { name: 'app'; user: SessionUser };

/** The page for a signed-in route, and the application it belongs to (for the sidebar). */
function page(route: Route): { application: string; element: ReactNode } {
  const [area, second] = route.segments;
  const id = second !== undefined && /^\d+$/.test(second) ? Number(second) : undefined;
  if ((area === 'customers' || area === 'users' || area === 'organizations') && second === 'import')
    return {
      application: `/${area}`,
      element: <ImportWizard entity={area} segments={route.segments.slice(2)} search={window.location.search} />,
    };
  switch (area) {
    case 'customers':
    case 'users':
      return {
        application: `/${area}`,
        element:
          second === 'new' ? (
            <PersonCreatePage key={area} kind={area} />
          ) : id !== undefined ? (
            <PersonDetailPage key={`${area}/${id}`} kind={area} id={id} />
          ) : (
            <PeopleListPage key={area} kind={area} />
          ),
      };
    case 'organizations':
      return {
        application: '/organizations',
        element: id !== undefined ? <OrganizationDetailPage key={id} id={id} /> : <OrganizationListPage />,
      };
    case 'tickets':
      return { application: '/tickets', element: id !== undefined ? <TicketDetailPage key={id} id={id} /> : <TicketListPage /> };
    default:
      return { application: '', element: <PageHeader title="Page not found" subtitle="Choose an application on the left." /> };
  }
}

/** Decides between setup, sign-in and the app, and routes inside the app. */
export function App() {
  const [phase, setPhase] = useState<Phase>({ name: 'loading' });
  const route = useRoute();

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
              api.signOut().finally(() => setPhase({ name: 'sign-in' }));
            },
          }
        : undefined,
    [phase],
  );

  useEffect(() => {
    if (phase.name === 'app' && route.segments.length === 0) navigate('/customers', { replace: true });
  }, [phase.name, route.segments.length]);

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
    case 'app': {
      const { application, element } = page(route);
      return (
        <SessionContext.Provider value={session}>
          <Layout current={application}>{element}</Layout>
        </SessionContext.Provider>
      );
    }
  }
}
