'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { Me } from '@/lib/client/api-types';
import { Badge } from './ui/badge';
import { Button } from './ui/button';
import { cx } from './ui/cx';
import { LogOut, Phone } from './ui/icons';

function NavLink({ href, active, children }: { href: string; active: boolean; children: React.ReactNode }) {
  return (
    <Link
      href={href}
      aria-current={active ? 'page' : undefined}
      className={cx(
        'rounded-md px-2.5 py-1.5 text-sm font-medium transition-colors',
        'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600',
        active ? 'bg-slate-100 text-slate-900' : 'text-slate-600 hover:bg-slate-50 hover:text-slate-900',
      )}
    >
      {children}
    </Link>
  );
}

export function AppHeader({ me, onSignOut, signingOut }: { me: Me; onSignOut(): void; signingOut: boolean }) {
  const pathname = usePathname();
  const section = pathname.startsWith('/calls/access-log')
    ? 'access-log'
    : pathname.startsWith('/settings')
      ? 'settings'
      : pathname.startsWith('/overview')
        ? 'overview'
        : 'calls';
  return (
    <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/90 backdrop-blur supports-[backdrop-filter]:bg-white/75">
      <div className="mx-auto flex h-14 max-w-7xl items-center gap-3 px-4 sm:px-6">
        <Link
          href="/calls"
          className="flex min-w-0 items-center gap-2.5 rounded-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          <span className="flex size-7 shrink-0 items-center justify-center rounded-md bg-indigo-600 text-white">
            <Phone className="size-3.5" />
          </span>
          <span className="truncate text-sm font-semibold text-slate-900" data-testid="header-org-name">
            {me.org.name}
          </span>
        </Link>
        <nav aria-label="Main" className="ml-2 hidden items-center gap-1 sm:flex">
          <NavLinks isAdmin={me.role === 'admin'} section={section} />
        </nav>
        <div className="ml-auto flex items-center gap-3">
          <div className="hidden min-w-0 flex-col items-end leading-tight md:flex">
            <span className="max-w-[16rem] truncate text-sm text-slate-700" data-testid="header-user-email">
              {me.user.email}
            </span>
          </div>
          <Badge tone={me.role === 'admin' ? 'info' : 'neutral'} data-testid="header-role">
            {me.role === 'admin' ? 'Admin' : 'Staff'}
          </Badge>
          <Button variant="ghost" size="sm" onClick={onSignOut} disabled={signingOut} data-testid="sign-out" aria-label="Sign out">
            <LogOut className="size-4" />
            <span className="hidden sm:inline">{signingOut ? 'Signing out…' : 'Sign out'}</span>
          </Button>
        </div>
      </div>
      {/* Narrow screens: the nav moves under the bar, and the email with it. */}
      <div className="flex items-center gap-1 border-t border-slate-100 px-4 py-1.5 sm:hidden">
        <NavLinks isAdmin={me.role === 'admin'} section={section} />
        <span className="ml-auto truncate text-xs text-slate-500">{me.user.email}</span>
      </div>
    </header>
  );
}

/** The main navigation, shown in the bar on wide screens and under it on narrow ones. */
function NavLinks({ isAdmin, section }: { isAdmin: boolean; section: 'overview' | 'calls' | 'access-log' | 'settings' }) {
  return (
    <>
      <NavLink href="/overview" active={section === 'overview'}>
        Overview
      </NavLink>
      <NavLink href="/calls" active={section === 'calls'}>
        Calls
      </NavLink>
      {isAdmin && (
        <>
          <NavLink href="/calls/access-log" active={section === 'access-log'}>
            Access log
          </NavLink>
          <NavLink href="/settings/members" active={section === 'settings'}>
            Settings
          </NavLink>
        </>
      )}
    </>
  );
}
