// Security alerting: cross-tenant signals (foreign ids on detail/recording, forged tokens, webhook
// authentication failures) are counted per source in fixed windows in the database
// (record_security_signal, one atomic upsert); the one signal that reaches the threshold raises the
// alert: an error log line, a POST to the deployment's alert webhook, and (for org-attributable
// sources) a `security_alert` row in security_audit_log that carries the window's count.
// Always called after the response (lib/api/after-response.ts): never on the answer's path.
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '@/lib/database.types';
import { log } from '@/lib/observability/log';
import { incrementCounter } from '@/lib/observability/metrics';

export const SIGNAL_KINDS = ['foreign_id_probe', 'invalid_token', 'webhook_auth_failure'] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

export interface SecuritySignal {
  kind: SignalKind;
  /** Who the signal is about: `user:<id>`, `org:<id>` or `ip:<address>`. */
  source: string;
  /** The org the security log row belongs to, when there is one. */
  orgId: string | null;
  route: string;
}

export interface AlertSettings {
  webhookUrl: string | null;
  threshold: number;
  windowSeconds: number;
  timeoutMs: number;
}

const positiveInt = (value: string | undefined, fallback: number, max: number) => {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : fallback;
};

export function alertSettings(env: Record<string, string | undefined> = process.env): AlertSettings {
  const url = env.SECURITY_ALERT_WEBHOOK_URL?.trim();
  return {
    webhookUrl: url && /^https?:\/\//i.test(url) ? url : null,
    threshold: positiveInt(env.SECURITY_ALERT_THRESHOLD, 10, 1_000_000),
    windowSeconds: positiveInt(env.SECURITY_ALERT_WINDOW_SECONDS, 300, 86_400),
    timeoutMs: 3_000,
  };
}

export interface SignalResult {
  attempts: number;
  windowStart: string;
  alerted: boolean;
}

/** Counts one signal; sends the alert when this one reached the threshold. */
export async function recordSecuritySignal(client: SupabaseClient<Database>, signal: SecuritySignal, settings = alertSettings()): Promise<SignalResult> {
  incrementCounter('app_security_signals_total', { kind: signal.kind });
  const { data, error } = await client.rpc('record_security_signal', {
    p_kind: signal.kind,
    p_source: signal.source.slice(0, 200),
    p_org_id: signal.orgId as string,
    p_route: signal.route,
    p_window_seconds: settings.windowSeconds,
    p_threshold: settings.threshold,
  });
  if (error) throw error;
  const row = data[0];
  const result = { attempts: row.attempts, windowStart: row.window_start, alerted: row.alert };
  log.warn({ signal: signal.kind, source: signal.source, attempts: row.attempts }, 'security signal');
  if (result.alerted) await raiseAlert(signal, result, settings);
  return result;
}

export interface AlertPayload {
  /** Slack/Teams-style incoming webhooks show `text`. */
  text: string;
  kind: SignalKind;
  source: string;
  orgId: string | null;
  route: string;
  count: number;
  threshold: number;
  windowStart: string;
  windowSeconds: number;
}

async function raiseAlert(signal: SecuritySignal, result: SignalResult, settings: AlertSettings) {
  incrementCounter('app_security_alerts_total', { kind: signal.kind });
  const payload: AlertPayload = {
    text: `Security alert: ${result.attempts} ${signal.kind.replace(/_/g, ' ')} signals from ${signal.source} within ${settings.windowSeconds} s (route ${signal.route}).`,
    kind: signal.kind,
    source: signal.source,
    orgId: signal.orgId,
    route: signal.route,
    count: result.attempts,
    threshold: settings.threshold,
    windowStart: result.windowStart,
    windowSeconds: settings.windowSeconds,
  };
  log.error({ alert: signal.kind, source: signal.source, count: result.attempts, windowStart: result.windowStart }, 'security alert');
  if (!settings.webhookUrl) return;
  try {
    const res = await fetch(settings.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
    if (!res.ok) log.error({ alert: signal.kind, status: res.status }, 'security alert delivery refused');
  } catch (error) {
    log.error({ alert: signal.kind, err: error }, 'security alert delivery failed');
  }
}

/** The client address as the platform reports it (Vercel sets x-forwarded-for; its first entry). */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  const candidate = forwarded || headers.get('x-real-ip')?.trim() || '';
  return /^[0-9A-Fa-f:.]{2,45}$/.test(candidate) ? candidate : 'unknown';
}
