// Service-role configuration for scripts: the environment first, then .env.local (which
// `npm run dev` / `npm run stack` write for the local stack).
// The secret key (SUPABASE_SECRET_KEY, sb_secret_…) is preferred; the legacy service_role key
// (SUPABASE_SERVICE_ROLE_KEY) still works.
import { existsSync, readFileSync } from 'node:fs';
import { ENV_FILE, parseEnv } from '../supabase/local/env-file.ts';
import type { ServiceConfig } from '../lib/supabase/service.ts';
import { describeNames, SECRET_KEY_NAMES, supabaseSettings } from '../lib/supabase/key-names.ts';

export function serviceConfigFromEnv(): ServiceConfig {
  const file = existsSync(ENV_FILE) ? parseEnv(readFileSync(ENV_FILE, 'utf8')) : {};
  const { url, secretKey } = supabaseSettings(process.env, file);
  if (!url || !secretKey) {
    throw new Error(`NEXT_PUBLIC_SUPABASE_URL and ${describeNames(SECRET_KEY_NAMES)} must be set (or run \`npm run stack\` to write .env.local)`);
  }
  return { url, serviceRoleKey: secretKey };
}
