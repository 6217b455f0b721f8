import type { Metadata } from 'next';
import { Suspense } from 'react';
import { OverviewPage } from '@/components/overview/overview-page';

export const metadata: Metadata = { title: 'Overview' };

export default function Page() {
  // useSearchParams needs a Suspense boundary, or the whole route bails out of static rendering.
  return (
    <Suspense>
      <OverviewPage />
    </Suspense>
  );
}
