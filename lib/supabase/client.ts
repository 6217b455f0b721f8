// Supabase client for the browser. @supabase/ssr keeps one instance per page and stores the
// session in cookies, so proxy.ts can refresh it on navigation. Never import this on the server.
import { createBrowserClient } from '@supabase/ssr';
import type { Database } from '@/lib/database.types';
import { publicSupabaseEnv } from '@/lib/supabase/public-env';

export function createClient() {
  const { url, publishableKey } = publicSupabaseEnv();
  if (!url || !publishableKey) {
    throw new Error(
      'NEXT_PUBLIC_SUPABASE_URL and NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY (or the legacy NEXT_PUBLIC_SUPABASE_ANON_KEY) must be set (npm run dev writes them to .env.local).',
    );
  }
  return createBrowserClient<Database>(url, publishableKey);
}
