import { redirect } from 'next/navigation';
import type { NextRequest } from 'next/server';
import { confirmTarget } from '@/lib/auth/confirm-target';
import { createSessionClient } from '@/lib/supabase/session-server';

// GET /auth/confirm?token_hash=…&type=invite|magiclink&next=…: where Supabase Auth's invitation and
// magic-link mails lead (the email templates of docs/security.md, "Invitation mail"; the Supabase
// SSR guide's confirm route). verifyOtp consumes the one-time token and writes the session cookies,
// so the visitor lands signed in as the mailed address on `next` (the invitation page), which must
// be on this site. An invite's account has no password yet: `welcome=1` tells the page to ask for one.
// A used, expired or forged link signs nobody in and goes to the sign-in page.
const TYPES = ['invite', 'magiclink', 'email'] as const;

export async function GET(request: NextRequest) {
  const url = new URL(request.url);
  const type = TYPES.find((t) => t === url.searchParams.get('type'));
  const tokenHash = url.searchParams.get('token_hash');
  const next = confirmTarget(url.searchParams.get('next'), url, request.headers.get('host'));
  if (type && tokenHash) {
    const supabase = await createSessionClient();
    const { error } = await supabase.auth.verifyOtp({ type, token_hash: tokenHash });
    if (!error) {
      if (type === 'invite') next.searchParams.set('welcome', '1');
      // next/navigation's redirect, as the SSR guide's route: the session cookies set above go with it.
      redirect(`${next.pathname}${next.search}`);
    }
  }
  const login = new URL('/login', url);
  login.searchParams.set('next', `${next.pathname}${next.search}`);
  login.searchParams.set('error', 'link_invalid');
  redirect(`${login.pathname}${login.search}`);
}
