// Supabase client for the browser. @supabase/ssr keeps one instance per page and stores the
// session in cookies, so proxy.ts can refresh it on navigation. Never import this on the server.
import { createBrowserClient } from '@supabase/ssr';
import type { Database } from '@/lib/database.types';

export function createClient() {
  const url = process.env.NEXT_PUBLIC_SUPABASE_URL;
  const anonKey = process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY;
  if (!url || !anonKey) {
    throw new Error('NEXT_PUBLIC_SUPABASE_URL and NEXT_PUBLIC_SUPABASE_ANON_KEY must be set (npm run dev writes them to .env.local).');
  }
  return createBrowserClient<Database>(url, anonKey);
}
