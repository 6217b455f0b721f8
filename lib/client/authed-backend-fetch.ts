// The single way client code calls our route handlers: bearer token from the Supabase session,
// one refresh-and-retry on 401, then back to /login. See backend-fetch-core.ts for the logic.
import { createClient } from '@/lib/supabase/client';
import { createBackendFetch, loginUrl, type BackendFetch } from './backend-fetch-core';

let instance: BackendFetch | null = null;

function browserBackendFetch(): BackendFetch {
  instance ??= createBackendFetch({
    fetch: (input, init) => fetch(input, init),
    session: {
      async getAccessToken() {
        // In the browser getSession() reads the cookie and refreshes an expired token itself; the
        // server never trusts this token without verifying it.
        const { data } = await createClient().auth.getSession();
        return data.session?.access_token ?? null;
      },
      async refresh() {
        const { data, error } = await createClient().auth.refreshSession();
        // A new token may carry another role or no org: the shell hears TOKEN_REFRESHED and re-asks /api/me.
        return error ? null : (data.session?.access_token ?? null);
      },
      async signOutLocally() {
        await createClient().auth.signOut({ scope: 'local' });
      },
    },
    redirectToLogin(next) {
      // A full navigation, so no query cache or component state of this session survives.
      window.location.assign(loginUrl(next));
    },
    currentLocation: () => `${window.location.pathname}${window.location.search}`,
  });
  return instance;
}

export function authedBackendFetch<T>(path: string, init?: RequestInit): Promise<T> {
  return browserBackendFetch()<T>(path, init);
}
