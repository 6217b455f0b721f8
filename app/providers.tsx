'use client';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { hasErrorCode, shouldRetryQuery } from '@/lib/client/api-error';
import { createClient } from '@/lib/supabase/client';

function makeQueryClient() {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError(error, query) {
        // The org was suspended (or the membership removed) while this tab was open: ask /api/me
        // again, so the shell replaces the whole dashboard with the page that explains it.
        if (query.queryKey[0] !== 'me' && hasErrorCode(error, 'organization_suspended', 'no_organization')) {
          void client.invalidateQueries({ queryKey: ['me'] });
        }
      },
    }),
    defaultOptions: {
      queries: {
        // 4xx answers (forbidden, not found, bad filter) will not change on retry.
        retry: shouldRetryQuery,
        refetchOnWindowFocus: true,
      },
    },
  });
  return client;
}

/** Drops every cached query when the signed-in user changes, so nothing of one session leaks into the next. */
function useClearCacheOnUserChange(queryClient: QueryClient) {
  useEffect(() => {
    let supabase: ReturnType<typeof createClient>;
    try {
      supabase = createClient();
    } catch {
      return; // Env missing: the pages themselves show the error.
    }
    let userId: string | null | undefined;
    const { data } = supabase.auth.onAuthStateChange((event, session) => {
      const next = session?.user.id ?? null;
      if (event === 'SIGNED_OUT' || (userId !== undefined && next !== userId)) queryClient.clear();
      userId = next;
    });
    return () => data.subscription.unsubscribe();
  }, [queryClient]);
}

export function Providers({ children }: { children: React.ReactNode }) {
  // One client per browser tab (useState, not a module global, so server renders never share one).
  const [queryClient] = useState(makeQueryClient);
  useClearCacheOnUserChange(queryClient);
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
