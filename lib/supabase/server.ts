import 'server-only';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '@/lib/database.types';
import { serverEnv } from '@/lib/env';
import { tracedFetch } from '@/lib/observability/tracing';
import { nodeClientOptions } from './node-options';

/**
 * A fresh client per request that acts as the signed-in user: every query carries the user's
 * access token, so PostgREST switches to `authenticated` and RLS applies on top of the handler's
 * own org filter.
 */
export function createUserClient(accessToken: string): SupabaseClient<Database> {
  const env = serverEnv();
  return createClient<Database>(env.url, env.publishableKey, {
    ...nodeClientOptions,
    // One span per database API / Storage request when tracing is on (a plain fetch when off).
    global: { headers: { Authorization: `Bearer ${accessToken}` }, fetch: tracedFetch() },
  });
}
