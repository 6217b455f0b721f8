import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CallDetailPage } from '@/components/call-detail/call-detail-page';

export const metadata: Metadata = { title: 'Call' };

export default async function Page({ params }: { params: Promise<{ callId: string }> }) {
  const { callId } = await params;
  // The id is passed through as typed; the API decides whether it exists for this org.
  return (
    <Suspense>
      <CallDetailPage key={callId} callId={callId} />
    </Suspense>
  );
}
