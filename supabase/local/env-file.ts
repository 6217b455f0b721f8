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

/** Legacy key names an older .env.local may hold; the current names replace them. */
const STALE_NAMES = ['NEXT_PUBLIC_SUPABASE_ANON_KEY', 'SUPABASE_SERVICE_ROLE_KEY'];

/**
 * Writes the URL and the current API keys (sb_publishable_… / sb_secret_…, under the current
 * names) for a local stack — this project's or a Supabase CLI stack. Never touches a file that
 * points at a hosted project.
 */
export function writeEnvFile(
  values: { url: string; publishableKey: string; secretKey: string; extra?: Record<string, string> },
  file = ENV_FILE,
): 'written' | 'kept' {
  if (configuredRemoteUrl(file)) return 'kept';
  const existing = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  const managed: Record<string, string> = {
    NEXT_PUBLIC_SUPABASE_URL: values.url,
    NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: values.publishableKey,
    SUPABASE_SECRET_KEY: values.secretKey,
    ...values.extra,
  };
  // Keep any other variables the developer added; drop the legacy key names (they would only
  // hold an old stack's keys, and the current names take precedence anyway).
  const others = Object.entries(existing).filter(([k]) => !(k in managed) && !STALE_NAMES.includes(k));
  const lines = [MARKER, ...Object.entries(managed).map(([k, v]) => `${k}=${v}`), ...others.map(([k, v]) => `${k}=${v}`), ''];
  writeFileSync(file, lines.join('\n'), { mode: 0o600 });
  return 'written';
}
