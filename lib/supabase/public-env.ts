// The two public Supabase values, for browser and server code alike. The `process.env.NEXT_PUBLIC_…`
// reads are literal so Next.js inlines them into browser code. The current key name wins; the
// legacy anon key (a JWT) still works (see lib/supabase/key-names.ts).
export function publicSupabaseEnv(): { url: string | undefined; publishableKey: string | undefined } {
  return {
    url: process.env.NEXT_PUBLIC_SUPABASE_URL || undefined,
    publishableKey: process.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY || process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY || undefined,
  };
}
