// Tells Inngest about a new upload, best effort. The queue row committed before this runs is the
// durable record, so a missing or unreachable Inngest only delays the upload until the next sweep.
// It must never slow the webhook down: skipped when Inngest is not configured (no event key and
// no INNGEST_DEV), and bounded by a short timeout otherwise (the SDK retries for ~1.5 s).
import { log } from '@/lib/observability/log';
import { inngest } from './client';
import { uploadRequested } from './events';

export type NotifyOutcome = 'sent' | 'skipped' | 'failed' | 'timed_out';

export function inngestConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  const dev = (env.INNGEST_DEV ?? '').trim();
  return Boolean(env.INNGEST_EVENT_KEY) || (dev !== '' && dev !== '0' && dev.toLowerCase() !== 'false');
}

export async function notifyUploadRequested(orgId: string, callId: string, timeoutMs = 500): Promise<NotifyOutcome> {
  if (!inngestConfigured()) return 'skipped';
  // Deterministic id: a redelivered webhook or a retried send is deduplicated by Inngest.
  const send = inngest
    .send(uploadRequested.create({ orgId, callId }, { id: `upload-requested-${orgId}-${callId}` }))
    .then(() => 'sent' as const)
    .catch((error: unknown) => {
      log.warn({ err: error }, 'inngest event not sent; the next sweep will pick the upload up');
      return 'failed' as const;
    });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timed_out'>((resolve) => {
    timer = setTimeout(() => resolve('timed_out'), timeoutMs);
  });
  try {
    return await Promise.race([send, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
