'use client';
import { createContext, useContext } from 'react';
import type { Me } from '@/lib/client/api-types';

const MeContext = createContext<Me | null>(null);

export const MeProvider = MeContext.Provider;

/** The signed-in user, org and role as /api/me answered them. Only inside DashboardShell. */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe() must be used inside <DashboardShell>');
  return me;
}
