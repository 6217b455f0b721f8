// Where the Supabase URL and API keys come from. Hosted projects now issue opaque keys under new
// names — NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY (sb_publishable_…) and SUPABASE_SECRET_KEY
// (sb_secret_…) — and still accept the legacy JWT keys (NEXT_PUBLIC_SUPABASE_ANON_KEY,
// SUPABASE_SERVICE_ROLE_KEY). Either works; the current name wins when both are set.
//
// Server code and scripts only (it names the secret variable; the client-bundle check fails if it
// reaches the browser). Browser code reads its two public values in lib/supabase/public-env.ts.

export const URL_NAME = 'NEXT_PUBLIC_SUPABASE_URL';
/** Current name first, legacy name second. */
export const PUBLISHABLE_KEY_NAMES = ['NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY', 'NEXT_PUBLIC_SUPABASE_ANON_KEY'] as const;
export const SECRET_KEY_NAMES = ['SUPABASE_SECRET_KEY', 'SUPABASE_SERVICE_ROLE_KEY'] as const;

export type EnvSource = Readonly<Record<string, string | undefined>>;

export interface SupabaseSettings {
  url?: string;
  /** sb_publishable_… or the legacy anon JWT. */
  publishableKey?: string;
  /** sb_secret_… or the legacy service_role JWT. */
  secretKey?: string;
}

/** The first non-empty value among `names`, looking through `sources` in order (first source wins). */
export function firstSet(names: readonly string[], ...sources: EnvSource[]): string | undefined {
  for (const source of sources) {
    for (const name of names) {
      const value = source[name]?.trim();
      if (value) return value;
    }
  }
  return undefined;
}

/** URL and keys from one or more sources (e.g. the environment, then .env.local). */
export function supabaseSettings(...sources: EnvSource[]): SupabaseSettings {
  const url = firstSet([URL_NAME], ...sources);
  return {
    url: url?.replace(/\/+$/, ''),
    publishableKey: firstSet(PUBLISHABLE_KEY_NAMES, ...sources),
    secretKey: firstSet(SECRET_KEY_NAMES, ...sources),
  };
}

/** "A (or B)" for error messages. */
export const describeNames = (names: readonly string[]) => `${names[0]} (or the legacy ${names[1]})`;
