import type { Metadata } from 'next';
import { RetentionSettings } from '@/components/settings/retention-settings';

export const metadata: Metadata = { title: 'Retention' };

export default function Page() {
  return <RetentionSettings />;
}
