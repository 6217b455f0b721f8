import Link from 'next/link';

export default function NotFound() {
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4" data-testid="page-not-found">
      <div className="max-w-sm text-center">
        <p className="text-sm font-semibold text-indigo-600">404</p>
        <h1 className="mt-2 text-xl font-semibold tracking-tight text-slate-900">Page not found</h1>
        <p className="mt-1.5 text-sm text-slate-600">There is nothing at this address.</p>
        <Link
          href="/calls"
          className="mt-5 inline-flex h-9 items-center rounded-md bg-indigo-600 px-3.5 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          Go to calls
        </Link>
      </div>
    </main>
  );
}
