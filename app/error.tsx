'use client';
// Last-resort boundary for render errors. Shows no internals: the digest is enough to find the
// server log entry.
import { useEffect } from 'react';

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4" role="alert">
      <div className="max-w-sm text-center">
        <h1 className="text-xl font-semibold tracking-tight text-slate-900">Something went wrong</h1>
        <p className="mt-1.5 text-sm text-slate-600">
          The page could not be shown. Try again; if it keeps happening, reload the page.
          {error.digest && <span className="mt-1 block font-mono text-xs text-slate-400">Reference: {error.digest}</span>}
        </p>
        <div className="mt-5 flex justify-center gap-2">
          <button
            type="button"
            onClick={reset}
            className="inline-flex h-9 items-center rounded-md bg-indigo-600 px-3.5 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          >
            Try again
          </button>
          {/* A full page load on purpose: it starts over with fresh state after a broken render. */}
          {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
          <a
            href="/calls"
            className="inline-flex h-9 items-center rounded-md bg-white px-3.5 text-sm font-medium text-slate-700 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          >
            Go to calls
          </a>
        </div>
      </div>
    </main>
  );
}
