'use client';
// Everything under /calls renders inside this: it asks /api/me who the user is, and only then
// renders the page with that org (or the page explaining why there is none). The session alone is
// never taken as proof of an org: the API's answer is.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { hasErrorCode } from '@/lib/client/api-error';
import { meQuery } from '@/lib/client/queries';
import { createClient } from '@/lib/supabase/client';
import { AppHeader } from './app-header';
import { ErrorView, NoOrganizationView, SuspendedView } from './access-views';
import { MeProvider } from './me-context';
import { Button } from './ui/button';
import { LogOut, Phone } from './ui/icons';
import { Skeleton } from './ui/skeleton';
import { useSignOut } from './use-sign-out';

function BareFrame({ children, onSignOut }: { children: React.ReactNode; onSignOut?: () => void }) {
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-14 max-w-7xl items-center gap-2.5 px-4 sm:px-6">
          <span className="flex size-7 items-center justify-center rounded-md bg-indigo-600 text-white">
            <Phone className="size-3.5" />
          </span>
          <span className="text-sm font-semibold text-slate-900">Call dashboard</span>
          {onSignOut && (
            <Button variant="ghost" size="sm" className="ml-auto" onClick={onSignOut}>
              <LogOut className="size-4" />
              Sign out
            </Button>
          )}
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-10 sm:px-6">
        <div className="rounded-xl border border-slate-200 bg-white shadow-xs">{children}</div>
      </main>
    </div>
  );
}

export function DashboardShell({ children }: { children: React.ReactNode }) {
  const me = useQuery(meQuery());
  const { signOut, signingOut } = useSignOut();
  const queryClient = useQueryClient();

  // A refreshed session may carry a new role, or no org at all (an admin changed it): ask again, so
  // the header, the navigation and the page follow the user's access as it is now. Every tab hears
  // it, also those whose token was refreshed by another tab.
  useEffect(() => {
    const { data } = createClient().auth.onAuthStateChange((event) => {
      if (event === 'TOKEN_REFRESHED') void queryClient.invalidateQueries({ queryKey: meQuery().queryKey });
    });
    return () => data.subscription.unsubscribe();
  }, [queryClient]);

  if (me.isPending) {
    return (
      <div className="min-h-screen" data-testid="app-loading" aria-busy="true">
        <div className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex h-14 max-w-7xl items-center gap-3 px-4 sm:px-6">
            <Skeleton className="size-7 rounded-md" />
            <Skeleton className="h-4 w-32" />
            <Skeleton className="ml-auto h-4 w-40" />
          </div>
        </div>
        <span className="sr-only" role="status">
          Loading…
        </span>
      </div>
    );
  }

  if (me.isError) {
    const error = me.error;
    if (hasErrorCode(error, 'organization_suspended')) {
      return (
        <BareFrame onSignOut={signOut}>
          <SuspendedView onSignOut={signOut} />
        </BareFrame>
      );
    }
    if (hasErrorCode(error, 'no_organization')) {
      return (
        <BareFrame onSignOut={signOut}>
          <NoOrganizationView onSignOut={signOut} />
        </BareFrame>
      );
    }
    if (hasErrorCode(error, 'unauthorized', 'invalid_token', 'session_expired', 'stale_session')) {
      // authedBackendFetch is already on its way to /login.
      return (
        <BareFrame>
          <p role="status" className="px-6 py-14 text-center text-sm text-slate-600">
            Your session has ended. Taking you to sign in…
          </p>
        </BareFrame>
      );
    }
    return (
      <BareFrame onSignOut={signOut}>
        <ErrorView error={error} title="Could not load your account" onRetry={() => void me.refetch()} />
      </BareFrame>
    );
  }

  return (
    <MeProvider value={me.data}>
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-indigo-700 shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <AppHeader me={me.data} onSignOut={signOut} signingOut={signingOut} />
      <main id="main" className="mx-auto max-w-7xl px-4 py-6 sm:px-6">
        {children}
      </main>
    </MeProvider>
  );
}
