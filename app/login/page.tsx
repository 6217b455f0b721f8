import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

const DEMO_ACCOUNTS = [
  ['admin@acme.test', 'Acme, admin'],
  ['staff@acme.test', 'Acme, staff'],
  ['admin@globex.test', 'Globex, admin'],
  ['staff@initech.test', 'suspended org'],
] as const;

export default function LoginPage() {
  // Demo accounts exist only in the local stack's seed data: never advertise them in production.
  const showDemoAccounts = process.env.NODE_ENV !== 'production';
  return (
    <main id="main" className="flex min-h-screen items-center justify-center bg-slate-50 px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center text-center">
          <span className="flex size-10 items-center justify-center rounded-xl bg-indigo-600 text-white shadow-sm">
            <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" className="size-5">
              <path d="M22 16.9v3a2 2 0 0 1-2.2 2 19.8 19.8 0 0 1-8.6-3.1 19.5 19.5 0 0 1-6-6A19.8 19.8 0 0 1 2.1 4.2 2 2 0 0 1 4.1 2h3a2 2 0 0 1 2 1.7c.1.9.4 1.8.7 2.7a2 2 0 0 1-.5 2.1L8 9.8a16 16 0 0 0 6 6l1.3-1.3a2 2 0 0 1 2.1-.4c.9.3 1.8.6 2.7.7a2 2 0 0 1 1.7 2z" />
            </svg>
          </span>
          <h1 className="mt-4 text-xl font-semibold tracking-tight text-slate-900">Sign in to the call dashboard</h1>
          <p className="mt-1 text-sm text-slate-500">Use the email and password of your organization account.</p>
        </div>
        <Suspense>
          <LoginForm />
        </Suspense>
        {showDemoAccounts && (
          <aside className="mt-6 rounded-lg border border-dashed border-slate-300 bg-white/60 px-4 py-3 text-xs text-slate-600" data-testid="demo-accounts">
            <p className="font-medium text-slate-700">Demo accounts (development only)</p>
            <ul className="mt-1.5 space-y-0.5">
              {DEMO_ACCOUNTS.map(([email, note]) => (
                <li key={email} className="flex justify-between gap-3">
                  <span className="font-mono">{email}</span>
                  <span className="text-slate-500">{note}</span>
                </li>
              ))}
            </ul>
            <p className="mt-1.5">
              Password: <span className="font-mono">demo-password-123</span>
            </p>
          </aside>
        )}
      </div>
    </main>
  );
}
