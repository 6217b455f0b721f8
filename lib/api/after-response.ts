import 'server-only';
// Work that must not delay or shape the response, e.g. auditing a foreign id: an id of another org
// must cost exactly what a random id costs, so nothing about it is written before the answer.
import { after } from 'next/server';
import { log } from '@/lib/observability/log';

const detached = new Set<Promise<void>>();

export function afterResponse(label: string, task: () => Promise<unknown>) {
  const run = () =>
    task().then(
      () => undefined,
      (error: unknown) => log.error({ err: error, task: label }, 'after-response task failed'),
    );
  try {
    after(run);
  } catch {
    // Outside a Next.js request scope (a handler called directly, as in tests): run detached.
    const p = run().finally(() => detached.delete(p));
    detached.add(p);
  }
}

/** Resolves when every detached after-response task has finished (for handlers called directly). */
export async function settleAfterResponse(): Promise<void> {
  while (detached.size > 0) await Promise.all([...detached]);
}
