// A service-role client for code that runs outside Next.js (npm run jobs, the dev job loop,
// simulate:call, test workers), from explicit configuration. Next code uses lib/supabase/admin.ts.
// Fresh per call, never module-global.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '@/lib/database.types';
import { tracedFetch } from '../observability/tracing';
import { nodeClientOptions } from './node-options';
import { streamingFetch } from './streaming-fetch';

export interface ServiceConfig {
  url: string;
  /** The secret key (sb_secret_…) or the legacy service_role JWT: supabase-js takes either. */
  serviceRoleKey: string;
}

export function createServiceClient(cfg: ServiceConfig): SupabaseClient<Database> {
  // Recording uploads stream from the provider with bounded memory (streaming-fetch.ts).
  return createClient<Database>(cfg.url, cfg.serviceRoleKey, { ...nodeClientOptions, global: { fetch: tracedFetch(streamingFetch) } });
}
