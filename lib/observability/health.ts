import 'server-only';
// Readiness: can this instance serve? One cheap request to each service the app needs, in
// parallel, each with a short timeout: the database API (a one-row read as the service role),
// Auth (its health endpoint) and Storage (the recordings bucket). The answer names which failed,
// never why (no hostnames, no error texts): the details go to the log.
import type { ServerEnv } from '@/lib/env';
import { RECORDINGS_BUCKET } from '@/lib/recordings/config';
import { log } from './log';

export const READINESS_TIMEOUT_MS = 2_000;

export type CheckName = 'database' | 'auth' | 'storage';
export type CheckStatus = 'ok' | 'failed' | 'timeout';

export interface Readiness {
  ready: boolean;
  checks: Record<CheckName, CheckStatus>;
}

async function probe(name: CheckName, url: string, headers: Record<string, string>, timeoutMs: number): Promise<CheckStatus> {
  try {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs), cache: 'no-store' });
    await res.body?.cancel();
    if (res.ok) return 'ok';
    log.warn({ check: name, status: res.status }, 'readiness check failed');
    return 'failed';
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    log.warn({ check: name, err: error }, timedOut ? 'readiness check timed out' : 'readiness check failed');
    return timedOut ? 'timeout' : 'failed';
  }
}

export async function checkReadiness(env: ServerEnv, timeoutMs = READINESS_TIMEOUT_MS): Promise<Readiness> {
  const service = { apikey: env.secretKey, authorization: `Bearer ${env.secretKey}` };
  const [database, auth, storage] = await Promise.all([
    probe('database', `${env.url}/rest/v1/organizations?select=id&limit=1`, service, timeoutMs),
    probe('auth', `${env.url}/auth/v1/health`, { apikey: env.publishableKey }, timeoutMs),
    probe('storage', `${env.url}/storage/v1/bucket/${RECORDINGS_BUCKET}`, service, timeoutMs),
  ]);
  const checks = { database, auth, storage };
  return { ready: Object.values(checks).every((s) => s === 'ok'), checks };
}
