// Next 16 proxy (formerly middleware): keeps the Supabase session cookie fresh on navigation and
// sends signed-out visitors of /calls* to /login. Pattern from vercel/next.js examples/with-supabase.
// A session here proves only that someone is signed in, never which org they may see: every
// page gets its data from route handlers, which verify the token and decide.
import { createServerClient } from '@supabase/ssr';
import { NextResponse, type NextRequest } from 'next/server';
import WebSocket from 'ws';
import { applyPageCsp, withCsp } from '@/lib/security/csp';
import { publicSupabaseEnv } from '@/lib/supabase/public-env';

function isProtected(pathname: string): boolean {
  return pathname === '/calls' || pathname.startsWith('/calls/');
}

export async function proxy(request: NextRequest) {
  // A per-request nonce and Content-Security-Policy (docs/security.md), set on the request first so
  // Next puts the nonce on its own scripts, and on every response below.
  const csp = applyPageCsp(request);
  let response = NextResponse.next({ request });

  // The publishable key (sb_publishable_…), or the legacy anon key.
  const { url, publishableKey } = publicSupabaseEnv();
  // Without configuration there is no session to refresh; the API still refuses every request.
  if (!url || !publishableKey) return withCsp(response, csp);

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
    // supabase-js builds a Realtime client at creation, which throws on Node 20 (no global
    // WebSocket). The proxy never opens a channel; this only lets the client be constructed.
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
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
      return withCsp(redirect, csp);
    }
  }

  return withCsp(response, csp);
}

export const config = {
  matcher: [
    // Pages only. Route handlers (/api/**) authenticate the bearer token themselves, and webhooks
    // must not be touched; static assets need no session.
    '/((?!api/|_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|wav|mp3|txt)$).*)',
  ],
};
