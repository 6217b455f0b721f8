'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { ForbiddenView } from '../access-views';
import { useMe } from '../me-context';
import { cx } from '../ui/cx';

/** The settings sections, in the order of the tabs. */
export const SETTINGS_SECTIONS = [
  { href: '/settings/members', label: 'Members' },
  { href: '/settings/webhooks', label: 'Webhooks' },
  { href: '/settings/pipeline', label: 'Pipeline health' },
  { href: '/settings/retention', label: 'Retention' },
  { href: '/settings/organization', label: 'Time zone' },
] as const;

export function SettingsFrame({ children }: { children: React.ReactNode }) {
  const me = useMe();
  const pathname = usePathname();
  if (me.role !== 'admin') {
    return (
      <div className="rounded-xl border border-slate-200 bg-white shadow-xs">
        <ForbiddenView title="Only admins can manage the organization" />
      </div>
    );
  }
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">Organization settings</h1>
        <p className="mt-1 text-sm text-slate-600">{me.org.name}: who has access, how calls reach you, and whether recordings are stored.</p>
      </div>
      <nav aria-label="Settings" className="flex gap-1 overflow-x-auto border-b border-slate-200">
        {SETTINGS_SECTIONS.map((s) => {
          const active = pathname === s.href || pathname.startsWith(`${s.href}/`);
          return (
            <Link
              key={s.href}
              href={s.href}
              aria-current={active ? 'page' : undefined}
              className={cx(
                '-mb-px border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap',
                'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600',
                active ? 'border-indigo-600 text-indigo-700' : 'border-transparent text-slate-600 hover:text-slate-900',
              )}
            >
              {s.label}
            </Link>
          );
        })}
      </nav>
      {children}
    </div>
  );
}
