// Tunables of the recording pipeline, with defaults. Job functions take a partial override, so
// scripts and tests inject what they need; only `defaultPipelineConfig` looks at the environment.
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '@/lib/database.types';
import type { Resolver } from './url-policy';

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
  /**
   * Loopback/private addresses and plain http allowed for recording URLs (local dev and tests).
   * Only ever from the explicit opt-in RECORDING_ALLOW_PRIVATE_NETWORKS=1, never from NODE_ENV.
   */
  allowPrivateNetworks: boolean;
  /**
   * Recording URLs must be on these hosts (".example.com" also allows subdomains). Required in
   * production (NODE_ENV=production): the jobs refuse to run without it.
   */
  allowedRecordingHosts: string[];
}

export class PipelineConfigError extends Error {
  name = 'PipelineConfigError';
}

export interface JobDeps {
  /** Service-role client, made fresh by the caller. Every query below still filters by orgId. */
  client: SupabaseClient<Database>;
  /** DNS for recording downloads (tests answer like a rebinding DNS server); default the system's. */
  resolve?: Resolver;
  /** Source of jitter (tests make it deterministic). */
  random?: () => number;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export function defaultPipelineConfig(env: NodeJS.ProcessEnv = process.env): PipelineConfig {
  return {
    bucket: RECORDINGS_BUCKET,
    // Each download streams into Storage with bounded memory, so a batch's memory does not grow
    // with recording size; 5 in parallel keeps sockets and upload bandwidth per worker modest.
    batchSize: 5,
    leaseSeconds: 120,
    downloadTimeoutMs: 30_000,
    maxRecordingBytes: 100 * 1024 * 1024,
    retryBaseSeconds: 60,
    retryMaxSeconds: 3_600,
    retryJitter: 0.2,
    maxRetries: 3,
    maxLeaseAttempts: 5,
    allowPrivateNetworks: flag(env, 'RECORDING_ALLOW_PRIVATE_NETWORKS'),
    allowedRecordingHosts: (env.RECORDING_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  };
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '' || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  throw new PipelineConfigError(`${name} must be 1/true or 0/false, got "${env[name]}"`);
}

export function resolveConfig(overrides: Partial<PipelineConfig> = {}, env: NodeJS.ProcessEnv = process.env): PipelineConfig {
  return { ...defaultPipelineConfig(env), ...overrides };
}

/**
 * The configuration for jobs that download recordings. Throws PipelineConfigError (before anything
 * is claimed, so the queue is left untouched) when production runs without the provider allow-list.
 */
export function resolveDownloadConfig(overrides: Partial<PipelineConfig> = {}, env: NodeJS.ProcessEnv = process.env): PipelineConfig {
  const cfg = resolveConfig(overrides, env);
  if (env.NODE_ENV === 'production' && cfg.allowedRecordingHosts.length === 0) {
    throw new PipelineConfigError(
      'RECORDING_ALLOWED_HOSTS is empty: in production, recording downloads need the allow-list of the voice provider hosts ' +
        '(comma-separated; ".example.com" also allows subdomains). Recording downloads will not run until it is set.',
    );
  }
  return cfg;
}
