import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CallsPage } from '@/components/calls/calls-page';

export const metadata: Metadata = { title: 'Calls' };

export default function Page() {
  // useSearchParams needs a Suspense boundary, or the whole route bails out of static rendering.
  return (
    <Suspense>
      <CallsPage />
    </Suspense>
  );
}
