import type { Metadata } from 'next';
import { PipelinePage } from '@/components/settings/pipeline-page';

export const metadata: Metadata = { title: 'Pipeline health' };

export default function Page() {
  return <PipelinePage />;
}
