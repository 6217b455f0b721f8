import type { Metadata } from 'next';
import { InviteAcceptance } from '@/components/invite/invite-acceptance';

export const metadata: Metadata = { title: 'Join an organization' };

export default async function Page({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await params;
  // Set by /auth/confirm after an invite mail's link: the new account has no password yet.
  const welcome = (await searchParams).welcome === '1';
  return (
    <main id="main" className="flex min-h-screen items-center justify-center bg-slate-50 px-4 py-12">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white shadow-xs">
        <InviteAcceptance token={token} choosePassword={welcome} />
      </div>
    </main>
  );
}
