'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { createClient } from '@/lib/supabase/client';

/** Signs out on the server, always clears the local session and cache, then goes to /login. */
export function useSignOut() {
  const queryClient = useQueryClient();
  const [signingOut, setSigningOut] = useState(false);
  const signOut = useCallback(async () => {
    setSigningOut(true);
    const supabase = createClient();
    try {
      const { error } = await supabase.auth.signOut();
      // Offline or the auth server failed: still forget the session on this device.
      if (error) await supabase.auth.signOut({ scope: 'local' });
    } catch {
      await supabase.auth.signOut({ scope: 'local' }).catch(() => undefined);
    }
    queryClient.clear();
    // A full navigation on purpose: proxy.ts sees the cleared cookies and no component state,
    // cache or client instance of this session survives into the next one.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign('/login');
  }, [queryClient]);
  return { signOut, signingOut };
}
