import 'server-only';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import ws from 'ws';
import type { Database } from '@/lib/database.types';
import { serverEnv } from '@/lib/env';

/**
 * A fresh client per request that acts as the signed-in user: every query carries the user's
 * access token, so PostgREST switches to `authenticated` and RLS applies on top of the handler's
 * own org filter.
 */
export function createUserClient(accessToken: string): SupabaseClient<Database> {
  const env = serverEnv();
  return createClient<Database>(env.url, env.publishableKey, {
    global: { headers: { Authorization: `Bearer ${accessToken}` } },
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    // Node 20 has no global WebSocket; supabase-js needs one at client creation.
    realtime: { transport: ws as unknown as typeof WebSocket },
  });
}
