// Writes the local stack's URL and keys into .env.local for Next.js, unless that file already
// points the app somewhere else (a hosted Supabase project): then it is left alone.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './migrate.ts';

export const ENV_FILE = join(PROJECT_ROOT, '.env.local');
const MARKER = '# Written by the local stack (npm run dev / npm run stack).';

export function parseEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line);
    if (m) out[m[1]] = m[2].replace(/^["']|["']$/g, '');
  }
  return out;
}

export function isLocalUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const host = new URL(url).hostname;
    return host === '127.0.0.1' || host === 'localhost';
  } catch {
    return false;
  }
}

/** The Supabase URL the app is configured for outside the local stack, if any. */
export function configuredRemoteUrl(file = ENV_FILE): string | undefined {
  const fromEnv = process.env.NEXT_PUBLIC_SUPABASE_URL;
  if (fromEnv && !isLocalUrl(fromEnv)) return fromEnv;
  if (!existsSync(file)) return undefined;
  const url = parseEnv(readFileSync(file, 'utf8')).NEXT_PUBLIC_SUPABASE_URL;
  return url && !isLocalUrl(url) ? url : undefined;
}

export function writeEnvFile(
  values: { url: string; anonKey: string; serviceRoleKey: string; extra?: Record<string, string> },
  file = ENV_FILE,
): 'written' | 'kept' {
  if (configuredRemoteUrl(file)) return 'kept';
  const existing = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  const managed: Record<string, string> = {
    NEXT_PUBLIC_SUPABASE_URL: values.url,
    NEXT_PUBLIC_SUPABASE_ANON_KEY: values.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: values.serviceRoleKey,
    ...values.extra,
  };
  // Keep any other variables the developer added.
  const others = Object.entries(existing).filter(([k]) => !(k in managed));
  const lines = [MARKER, ...Object.entries(managed).map(([k, v]) => `${k}=${v}`), ...others.map(([k, v]) => `${k}=${v}`), ''];
  writeFileSync(file, lines.join('\n'), { mode: 0o600 });
  return 'written';
}
