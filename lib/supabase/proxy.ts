// The session refresh the Next.js proxy runs on every page navigation, in the `updateSession()`
// shape of Supabase's own Next.js example: keeps the Supabase session cookie fresh and sends
// signed-out visitors of /overview*, /calls* and /settings* to /login. A session here proves only that someone is signed in,
// never which org they may see: every page gets its data from route handlers, which verify the
// token, and from the database, which decides.
import { createServerClient } from '@supabase/ssr';
import { NextResponse, type NextRequest } from 'next/server';
import { nodeRealtime } from './node-options';
import { publicSupabaseEnv } from './public-env';

function isProtected(pathname: string): boolean {
  return ['/overview', '/calls', '/settings'].some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

export async function updateSession(request: NextRequest): Promise<NextResponse> {
  let response = NextResponse.next({ request });

  // The publishable key (sb_publishable_…), or the legacy anon key.
  const { url, publishableKey } = publicSupabaseEnv();
  // Without configuration there is no session to refresh; the API still refuses every request.
  if (!url || !publishableKey) return response;

  // A fresh client per request, never a module global.
  const supabase = createServerClient(url, publishableKey, {
    cookies: {
      getAll() {
        return request.cookies.getAll();
      },
      setAll(cookiesToSet) {
        for (const { name, value } of cookiesToSet) request.cookies.set(name, value);
        response = NextResponse.next({ request });
        for (const { name, value, options } of cookiesToSet) response.cookies.set(name, value, options);
      },
    },
    // The proxy never opens a Realtime channel; this only lets the client be constructed on Node 20.
    realtime: nodeRealtime,
  });

  // Nothing between createServerClient and getClaims(): it refreshes an expired session and
  // writes the new cookies through setAll above.
  const { data, error } = await supabase.auth.getClaims();
  const signedIn = !!data?.claims;

  if (!signedIn && isProtected(request.nextUrl.pathname)) {
    // When the auth server is unreachable we cannot tell; let the page load and the API decide,
    // rather than sending a signed-in user to /login.
    const unreachable = error?.name === 'AuthRetryableFetchError';
    if (!unreachable) {
      const login = request.nextUrl.clone();
      login.pathname = '/login';
      login.search = '';
      login.searchParams.set('next', `${request.nextUrl.pathname}${request.nextUrl.search}`);
      const redirect = NextResponse.redirect(login);
      // Keep any cookie changes (e.g. a cleared broken session) on the redirect too.
      for (const cookie of response.cookies.getAll()) redirect.cookies.set(cookie);
      return redirect;
    }
  }

  return response;
}
