'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useActionState, useState } from 'react';
import { Button } from '@/components/ui/button';
import { AlertTriangle } from '@/components/ui/icons';
import { loginErrorMessage } from '@/lib/client/login-errors';
import { safeNextPath } from '@/lib/client/safe-next';
import { createClient } from '@/lib/supabase/client';
import { signIn, type SignInState } from './actions';

const inputClass =
  'block h-10 w-full rounded-md border-0 bg-white px-3 text-sm text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 ' +
  'placeholder:text-slate-400 focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-indigo-600 ' +
  'aria-[invalid=true]:ring-red-400';

const INITIAL: SignInState = { error: null, email: '' };

// Progressive enhancement. Before hydration and without JavaScript the form POSTs to a server action
// (a request body, never a URL). Once hydrated, the browser signs in with Supabase Auth itself and
// the action is not called: Auth's per-IP sign-in limits then count each user's own address, not
// the app server's, which every server-side sign-in shares.
export function LoginForm() {
  const searchParams = useSearchParams();
  const next = safeNextPath(searchParams.get('next'));
  const queryClient = useQueryClient();
  const [state, formAction, actionPending] = useActionState(signIn, INITIAL);
  const [clientError, setClientError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const pending = actionPending || submitting;
  const error = clientError ?? state.error;

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    // Prevented, so React does not run the server action as well.
    event.preventDefault();
    if (submitting) return;
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    if (!email || !password) {
      setClientError('Enter your email and password.');
      return;
    }
    setSubmitting(true);
    setClientError(null);
    try {
      const { error: signInError } = await createClient().auth.signInWithPassword({ email, password });
      if (signInError) {
        setClientError(loginErrorMessage(signInError));
        setSubmitting(false);
        return;
      }
    } catch {
      setClientError("Can't reach the sign-in service. Check your connection and try again.");
      setSubmitting(false);
      return;
    }
    // Nothing cached for a previous user may survive; a full navigation also lets proxy.ts see
    // the new session cookie. `submitting` stays true until the page changes.
    queryClient.clear();
    window.location.assign(next);
  }

  return (
    <form
      action={formAction}
      noValidate
      onSubmit={onSubmit}
      className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-xs"
      aria-describedby={error ? 'login-error' : undefined}
    >
      <input type="hidden" name="next" value={next} />
      {error && (
        <div id="login-error" role="alert" className="flex items-start gap-2 rounded-md bg-red-50 px-3 py-2.5 text-sm text-red-800" data-testid="login-error">
          <AlertTriangle className="mt-0.5 size-4 shrink-0" />
          <span>{error}</span>
        </div>
      )}
      <div className="space-y-1.5">
        <label htmlFor="email" className="block text-sm font-medium text-slate-700">
          Email
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          defaultValue={state.email}
          aria-invalid={error ? true : undefined}
          className={inputClass}
          placeholder="you@company.com"
        />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="password" className="block text-sm font-medium text-slate-700">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={error ? true : undefined}
          className={inputClass}
        />
      </div>
      <Button type="submit" variant="primary" className="h-10 w-full" disabled={pending} aria-disabled={pending} data-testid="login-submit">
        {pending && <span aria-hidden="true" className="size-4 animate-spin rounded-full border-2 border-white/40 border-t-white" />}
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
