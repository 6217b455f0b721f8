import 'server-only';
import { describeNames, PUBLISHABLE_KEY_NAMES, SECRET_KEY_NAMES, supabaseSettings, type EnvSource } from '@/lib/supabase/key-names';

export interface ServerEnv {
  url: string;
  /** NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY (sb_publishable_…), or the legacy anon JWT. */
  publishableKey: string;
  /** SUPABASE_SECRET_KEY (sb_secret_…), or the legacy service_role JWT. Bypasses RLS. */
  secretKey: string;
}

/** Resolves the Supabase settings from `env`: current key names first, legacy names second. */
export function resolveServerEnv(env: EnvSource): ServerEnv {
  const { url, publishableKey, secretKey } = supabaseSettings(env);
  if (!url || !publishableKey || !secretKey) {
    throw new Error(
      `NEXT_PUBLIC_SUPABASE_URL, ${describeNames(PUBLISHABLE_KEY_NAMES)} and ${describeNames(SECRET_KEY_NAMES)} must be set (see .env.example)`,
    );
  }
  return { url, publishableKey, secretKey };
}

/** Server configuration, read from the environment at call time (never cached in module state). */
export function serverEnv(): ServerEnv {
  return resolveServerEnv(process.env);
}
