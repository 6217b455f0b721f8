// Service-role configuration for scripts: the environment first, then .env.local (which
// `npm run dev` / `npm run stack` write for the local stack).
import { existsSync, readFileSync } from 'node:fs';
import { ENV_FILE, parseEnv } from '../supabase/local/env-file.ts';
import type { ServiceConfig } from '../lib/recordings/service-client.ts';

export function serviceConfigFromEnv(): ServiceConfig {
  const file = existsSync(ENV_FILE) ? parseEnv(readFileSync(ENV_FILE, 'utf8')) : {};
  const url = process.env.NEXT_PUBLIC_SUPABASE_URL ?? file.NEXT_PUBLIC_SUPABASE_URL;
  const serviceRoleKey = process.env.SUPABASE_SERVICE_ROLE_KEY ?? file.SUPABASE_SERVICE_ROLE_KEY;
  if (!url || !serviceRoleKey) {
    throw new Error('NEXT_PUBLIC_SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY must be set (or run `npm run stack` to write .env.local)');
  }
  return { url, serviceRoleKey };
}
