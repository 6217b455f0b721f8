'use server';
// Sign-in as a server action: the form POSTs, with or without JavaScript, so the password travels
// only in a request body and never in a URL (a form without a method submitted before hydration
// used to be a native GET to /login?email=…&password=…, in the server log and browser history).
// Next checks the Origin of action requests, and nothing here logs the form.
import { redirect } from 'next/navigation';
import { loginErrorMessage } from '@/lib/client/login-errors';
import { safeNextPath } from '@/lib/client/safe-next';
import { createSessionClient } from '@/lib/supabase/session-server';

export interface SignInState {
  error: string | null;
  /** Echoed back so a failed no-JavaScript submit keeps the email (never the password). */
  email: string;
}

export async function signIn(_previous: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get('email') ?? '').trim().slice(0, 320);
  const password = String(form.get('password') ?? '');
  const next = safeNextPath(String(form.get('next') ?? ''));
  if (!email || !password) return { error: 'Enter your email and password.', email };

  let failure: string | null = null;
  try {
    const supabase = await createSessionClient();
    const { error } = await supabase.auth.signInWithPassword({ email, password });
    if (error) failure = loginErrorMessage(error);
  } catch {
    failure = "Can't reach the sign-in service. Check your connection and try again.";
  }
  if (failure) return { error: failure, email };
  // Outside the try: redirect() works by throwing. The session cookies are on this response.
  redirect(next);
}
