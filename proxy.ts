// Next 16 proxy (formerly middleware): a per-request Content-Security-Policy nonce, then the
// Supabase session refresh (lib/supabase/proxy.ts, the shape of Supabase's Next.js example).
import type { NextRequest } from 'next/server';
import { applyPageCsp, withCsp } from '@/lib/security/csp';
import { updateSession } from '@/lib/supabase/proxy';

export async function proxy(request: NextRequest) {
  // Set on the request first so Next puts the nonce on its own scripts, and on every response.
  const csp = applyPageCsp(request);
  return withCsp(await updateSession(request), csp);
}

export const config = {
  matcher: [
    // Pages only. Route handlers (/api/**) authenticate the bearer token themselves, and webhooks
    // must not be touched; static assets need no session.
    '/((?!api/|_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|wav|mp3|txt)$).*)',
  ],
};
