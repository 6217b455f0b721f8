// Tunables of the recording pipeline, with defaults. Job functions take a partial override, so
// scripts and tests inject what they need; only `defaultPipelineConfig` looks at the environment.
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '@/lib/database.types';

export const RECORDINGS_BUCKET = 'call-recordings';

export interface PipelineConfig {
  bucket: string;
  /** Items claimed per round trip; a batch is downloaded and uploaded in parallel. */
  batchSize: number;
  /** Lease on a claimed item; must exceed download + upload time of a whole batch. */
  leaseSeconds: number;
  downloadTimeoutMs: number;
  maxRecordingBytes: number;
  /** Retry delays are base * 4^k (k = 0, 1, 2), capped, each with ±jitter. */
  retryBaseSeconds: number;
  retryMaxSeconds: number;
  retryJitter: number;
  /** Retries after the first failure before dead-lettering (failed_recording_uploads.max_retries). */
  maxRetries: number;
  /** Leases an item may lose (worker crash/overrun) before it is dead-lettered instead of requeued. */
  maxLeaseAttempts: number;
  /** Loopback/private addresses and plain http allowed for recording URLs (dev and tests only). */
  allowPrivateNetworks: boolean;
  /** When non-empty, recording URLs must be on these hosts (".example.com" also allows subdomains). */
  allowedRecordingHosts: string[];
}

export interface JobDeps {
  /** Service-role client, made fresh by the caller. Every query below still filters by orgId. */
  client: SupabaseClient<Database>;
  fetch?: typeof fetch;
  /** Source of jitter (tests make it deterministic). */
  random?: () => number;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export function defaultPipelineConfig(env: NodeJS.ProcessEnv = process.env): PipelineConfig {
  return {
    bucket: RECORDINGS_BUCKET,
    batchSize: 10,
    leaseSeconds: 120,
    downloadTimeoutMs: 30_000,
    maxRecordingBytes: 100 * 1024 * 1024,
    retryBaseSeconds: 60,
    retryMaxSeconds: 3_600,
    retryJitter: 0.2,
    maxRetries: 3,
    maxLeaseAttempts: 5,
    allowPrivateNetworks: env.NODE_ENV !== 'production',
    allowedRecordingHosts: (env.RECORDING_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  };
}

export function resolveConfig(overrides: Partial<PipelineConfig> = {}): PipelineConfig {
  return { ...defaultPipelineConfig(), ...overrides };
}
