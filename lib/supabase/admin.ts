import 'server-only';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '@/lib/database.types';
import { serverEnv } from '@/lib/env';
import { tracedFetch } from '@/lib/observability/tracing';
import { nodeClientOptions } from './node-options';
import { streamingFetch } from './streaming-fetch';

/**
 * Service-role client (the secret key, or the legacy service_role key): bypasses RLS. Only for
 * server code that has already established the org from verified claims (or from a verified
 * webhook secret) and filters every query by it.
 * Fresh per call; never module-global; never imported by client components.
 */
export function createAdminClient(): SupabaseClient<Database> {
  const env = serverEnv();
  // Recording uploads stream from the provider with bounded memory (streaming-fetch.ts).
  return createClient<Database>(env.url, env.secretKey, { ...nodeClientOptions, global: { fetch: tracedFetch(streamingFetch) } });
}
