import 'server-only';
import { createServerClient } from '@supabase/ssr';
import { cookies } from 'next/headers';
import type { Database } from '@/lib/database.types';
import { nodeRealtime } from './node-options';
import { publicSupabaseEnv } from './public-env';

/**
 * A fresh Supabase client per request that reads and writes the session cookies @supabase/ssr
 * keeps (the same cookies the browser client and proxy.ts use). For server actions, which may set
 * cookies. Pattern from vercel/next.js examples/with-supabase.
 */
export async function createSessionClient() {
  const { url, publishableKey } = publicSupabaseEnv();
  if (!url || !publishableKey) throw new Error('NEXT_PUBLIC_SUPABASE_URL and a publishable key must be set');
  const cookieStore = await cookies();
  return createServerClient<Database>(url, publishableKey, {
    cookies: {
      getAll: () => cookieStore.getAll(),
      setAll(cookiesToSet) {
        for (const { name, value, options } of cookiesToSet) cookieStore.set(name, value, options);
      },
    },
    realtime: nodeRealtime,
  });
}
