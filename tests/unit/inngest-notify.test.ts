// The webhook tells Inngest about a new upload best effort, and never waits long for it: without
// Inngest configured the send is skipped outright; with an Inngest that cannot be reached, the answer
// comes back at the timeout (the SDK alone retries for about 1.5 s). The queue row is the durable record.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

let hanging: Server;
let hangingUrl: string;
let requests = 0;

beforeAll(async () => {
  // An Inngest event API that accepts the connection and never answers.
  hanging = createServer(() => {
    requests += 1;
  });
  await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
  hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
  process.env.INNGEST_BASE_URL = hangingUrl;
  process.env.INNGEST_EVENT_API_BASE_URL = hangingUrl;
  // Read when the client is made (on the first import below).
  process.env.INNGEST_EVENT_KEY = 'test-event-key';
});

afterAll(async () => {
  hanging.closeAllConnections();
  await new Promise((r) => hanging.close(r));
  delete process.env.INNGEST_EVENT_KEY;
});

describe('notifyUploadRequested', () => {
  it('is configured only by an event key or an explicit INNGEST_DEV', async () => {
    const { inngestConfigured } = await import('../../inngest/notify.ts');
    const env = (vars: Record<string, string>) => ({ NODE_ENV: 'test', ...vars }) as NodeJS.ProcessEnv;
    expect(inngestConfigured(env({}))).toBe(false);
    expect(inngestConfigured(env({ INNGEST_DEV: '0' }))).toBe(false);
    expect(inngestConfigured(env({ INNGEST_DEV: 'false' }))).toBe(false);
    expect(inngestConfigured(env({ INNGEST_DEV: '1' }))).toBe(true);
    expect(inngestConfigured(env({ INNGEST_EVENT_KEY: 'k' }))).toBe(true);
  });

  it('without Inngest configured: skipped, nothing sent', async () => {
    const { notifyUploadRequested } = await import('../../inngest/notify.ts');
    delete process.env.INNGEST_EVENT_KEY;
    try {
      expect(await notifyUploadRequested('a11ce000-0000-4000-8000-000000000001', 'b10be000-0000-4000-8000-000000000002')).toBe('skipped');
      expect(requests).toBe(0);
    } finally {
      process.env.INNGEST_EVENT_KEY = 'test-event-key';
    }
  });

  it('with an Inngest that never answers: gives up at its timeout instead of waiting for the SDK', async () => {
    const { notifyUploadRequested } = await import('../../inngest/notify.ts');
    const outcome = await notifyUploadRequested('a11ce000-0000-4000-8000-000000000001', 'b10be000-0000-4000-8000-000000000002', 200);
    expect(outcome).toBe('timed_out');
    // The send was on its way to the (silent) event API: the timeout, not an early error, ended the wait.
    await vi.waitFor(() => expect(requests).toBeGreaterThan(0), { timeout: 10_000 });
  });
});
