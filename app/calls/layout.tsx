import { DashboardShell } from '@/components/dashboard-shell';

export default function CallsLayout({ children }: { children: React.ReactNode }) {
  return <DashboardShell>{children}</DashboardShell>;
}
