import { DashboardShell } from '@/components/dashboard-shell';
import { SettingsFrame } from '@/components/settings/settings-frame';

// Org administration (members, webhooks, pipeline health): admins only. The frame shows staff a
// "only admins" view, but the gate is the database: every route behind these pages answers 403.
export default function SettingsLayout({ children }: { children: React.ReactNode }) {
  return (
    <DashboardShell>
      <SettingsFrame>{children}</SettingsFrame>
    </DashboardShell>
  );
}
