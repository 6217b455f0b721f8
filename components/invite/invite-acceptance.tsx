'use client';
// The invitee's side of an invitation link. The token in the URL is the credential: the page shows
// which org and role it is for, then either accepts with the invitee's current session (same email)
// or creates their account with the password they choose, and signs them in. Invitations sent by
// mail arrive here signed in already (/auth/confirm); a new account then chooses its password first
// (`choosePassword`), set on the account with the session before accepting.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { AcceptInvitationResponse, InvitationPreviewResponse } from '@/lib/client/api-types';
import { createClient } from '@/lib/supabase/client';
import { Button, ButtonLink } from '../ui/button';
import { AlertTriangle, Building, Check } from '../ui/icons';
import { Skeleton } from '../ui/skeleton';
import { StateView } from '../ui/state-view';

type ApiFailure = { status: number; code: string; message: string };

async function api<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { accept: 'application/json', ...init?.headers } });
  } catch {
    throw { status: 0, code: 'network_error', message: 'Could not reach the server. Check your connection and try again.' } satisfies ApiFailure;
  }
  const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!res.ok) throw { status: res.status, code: body?.error?.code ?? 'error', message: body?.error?.message ?? 'Something went wrong.' } satisfies ApiFailure;
  return body as T;
}

const isFailure = (e: unknown): e is ApiFailure => typeof e === 'object' && e !== null && 'code' in e && 'message' in e;

export function InviteAcceptance({ token, choosePassword = false }: { token: string; choosePassword?: boolean }) {
  const preview = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => api<InvitationPreviewResponse>(`/api/invitations/${encodeURIComponent(token)}`),
    retry: (n, e) => n < 2 && isFailure(e) && e.status === 0,
    staleTime: Infinity,
  });
  const session = useQuery({
    queryKey: ['invitation', token, 'session'],
    queryFn: async () => (await createClient().auth.getSession()).data.session,
    staleTime: Infinity,
  });

  if (preview.isPending || session.isPending) {
    return (
      <div className="space-y-3 p-6" aria-busy="true">
        <Skeleton className="h-5 w-2/3" />
        <Skeleton className="h-4 w-1/2" />
        <Skeleton className="h-9 w-full" />
        <span className="sr-only" role="status">Loading the invitation…</span>
      </div>
    );
  }
  if (preview.isError) {
    const e = preview.error as unknown;
    return (
      <StateView testId="invite-invalid" icon={<AlertTriangle className="size-6" />} tone="warning" title="This invitation link is not valid" actions={<ButtonLink href="/login">Go to sign in</ButtonLink>}>
        {isFailure(e) && e.status === 0 ? e.message : 'Check that you copied the whole link, or ask an admin of the organization for a new one.'}
      </StateView>
    );
  }
  const inv = preview.data;
  if (inv.status !== 'pending') {
    const why = inv.status === 'expired' ? 'has expired' : inv.status === 'revoked' ? 'was revoked' : 'was already used';
    return (
      <StateView testId="invite-unavailable" icon={<AlertTriangle className="size-6" />} tone="warning" title={`This invitation ${why}`} actions={<ButtonLink href="/login">Go to sign in</ButtonLink>}>
        {inv.status === 'accepted' ? 'If you accepted it, sign in with your email and password.' : 'Ask an admin of the organization for a new invitation.'}
      </StateView>
    );
  }
  return (
    <PendingInvitation
      token={token}
      inv={inv}
      sessionEmail={session.data?.user.email?.toLowerCase() ?? null}
      accessToken={session.data?.access_token ?? null}
      choosePassword={choosePassword}
    />
  );
}

function PendingInvitation({
  token,
  inv,
  sessionEmail,
  accessToken,
  choosePassword,
}: {
  token: string;
  inv: Extract<InvitationPreviewResponse, { status: 'pending' }>;
  sessionEmail: string | null;
  accessToken: string | null;
  choosePassword: boolean;
}) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const roleText = inv.role === 'admin' ? 'an admin' : 'a staff member';
  const accept = async (body: { password?: string }, bearer: string | null, newPassword?: string) => {
    setBusy(true);
    setError(null);
    try {
      if (newPassword) {
        // The invited account (from the mail's link) gets its password before it joins.
        const updated = await createClient().auth.updateUser({ password: newPassword });
        if (updated.error) throw { status: 0, code: 'password', message: updated.error.message } satisfies ApiFailure;
      }
      const res = await api<AcceptInvitationResponse>(`/api/invitations/${encodeURIComponent(token)}/accept`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        body: JSON.stringify(body),
      });
      const supabase = createClient();
      // The membership is in app_metadata: a fresh session carries it.
      const signedIn = res.accountCreated
        ? await supabase.auth.signInWithPassword({ email: inv.email, password: body.password ?? '' })
        : await supabase.auth.refreshSession();
      if (signedIn.error) throw { status: 0, code: 'sign_in', message: 'You joined, but signing in failed. Sign in with your email and password.' } satisfies ApiFailure;
      setDone(true);
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full navigation: the dashboard starts from the new session, with no state of the invite page
      window.location.assign('/calls');
    } catch (e) {
      setError(isFailure(e) ? e.message : 'Something went wrong. Please try again.');
      setBusy(false);
    }
  };

  if (done) {
    return (
      <StateView testId="invite-accepted" icon={<Check className="size-6" />} title={`Welcome to ${inv.orgName}`} role="status">
        Taking you to the calls…
      </StateView>
    );
  }

  return (
    <div className="p-6" data-testid="invite-pending">
      <div className="flex items-start gap-3">
        <span className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600">
          <Building className="size-5" />
        </span>
        <div>
          <h1 className="text-lg font-semibold text-slate-900">Join {inv.orgName}</h1>
          <p className="text-sm text-slate-600">
            You are invited as {roleText}. The invitation is for <span className="font-medium text-slate-900">{inv.email}</span>.
          </p>
        </div>
      </div>
      {error && (
        <p role="alert" data-testid="invite-error" className="mt-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
      {sessionEmail === inv.email && accessToken && choosePassword ? (
        <form
          className="mt-5 space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (password !== confirm) return setError('The two passwords do not match.');
            void accept({}, accessToken, password);
          }}
        >
          <p className="text-sm text-slate-600">
            You are signed in as <span className="font-medium text-slate-900">{sessionEmail}</span> from your invitation email. Choose a password for signing in later.
          </p>
          <PasswordFields password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} />
          <Button type="submit" variant="primary" className="w-full" disabled={busy} data-testid="invite-accept">
            {busy ? 'Joining…' : `Set password and join ${inv.orgName}`}
          </Button>
        </form>
      ) : sessionEmail === inv.email && accessToken ? (
        <Button variant="primary" className="mt-5 w-full" disabled={busy} onClick={() => void accept({}, accessToken)} data-testid="invite-accept">
          {busy ? 'Joining…' : `Join ${inv.orgName}`}
        </Button>
      ) : sessionEmail ? (
        <div className="mt-5 space-y-3 text-sm text-slate-600">
          <p>
            You are signed in as <span className="font-medium text-slate-900">{sessionEmail}</span>. Sign out, then open this link again to accept it as {inv.email}.
          </p>
          <Button
            onClick={() => {
              void createClient()
                .auth.signOut({ scope: 'local' })
                .then(() => window.location.reload());
            }}
          >
            Sign out
          </Button>
        </div>
      ) : (
        <form
          className="mt-5 space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (password !== confirm) return setError('The two passwords do not match.');
            void accept({ password }, null);
          }}
        >
          <PasswordFields password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} />
          <Button type="submit" variant="primary" className="w-full" disabled={busy} data-testid="invite-accept">
            {busy ? 'Creating your account…' : 'Create account and join'}
          </Button>
          <p className="text-center text-xs text-slate-500">
            Already have an account for {inv.email}?{' '}
            <a className="text-indigo-700 hover:underline" href={`/login?next=${encodeURIComponent(`/invite/${token}`)}`}>
              Sign in first
            </a>
            .
          </p>
        </form>
      )}
    </div>
  );
}

function PasswordFields({ password, confirm, onPassword, onConfirm }: { password: string; confirm: string; onPassword(v: string): void; onConfirm(v: string): void }) {
  return (
    <>
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
        Choose a password
        <input
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          maxLength={72}
          value={password}
          onChange={(e) => onPassword(e.target.value)}
          data-testid="invite-password"
          className="h-9 rounded-md border border-slate-300 px-2.5 text-sm focus-visible:outline-2 focus-visible:outline-indigo-600"
        />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
        Repeat it
        <input
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          maxLength={72}
          value={confirm}
          onChange={(e) => onConfirm(e.target.value)}
          data-testid="invite-password-confirm"
          className="h-9 rounded-md border border-slate-300 px-2.5 text-sm focus-visible:outline-2 focus-visible:outline-indigo-600"
        />
      </label>
    </>
  );
}
