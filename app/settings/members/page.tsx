import type { Metadata } from 'next';
import { MembersPage } from '@/components/settings/members-page';
import { invitationDeliveries } from '@/lib/invitations';

export const metadata: Metadata = { title: 'Members' };

export default function Page() {
  // A deployment setting (lib/invitations.ts), read on the server: which invitation deliveries the form offers.
  return <MembersPage deliveries={invitationDeliveries()} />;
}
