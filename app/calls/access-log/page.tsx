import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AccessLogPage } from '@/components/access-log/access-log-page';

export const metadata: Metadata = { title: 'Access log' };

export default function Page() {
  return (
    <Suspense>
      <AccessLogPage />
    </Suspense>
  );
}
