// Liveness answers without auth or dependencies. Readiness touches the database API, Auth and
// Storage with a short timeout: 503 naming what failed when PostgREST is down (a stack of its
// own, so other test files keep theirs), 200 again once it is back, and 503 within the timeout when
// nothing answers at all.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { READINESS_TIMEOUT_MS } from '../../lib/observability/health.ts';
import type { GatewayAccessEntry } from '../../supabase/local/gateway.ts';
import { startStack, type Stack } from '../../supabase/local/stack.ts';
import { applyStackEnv } from '../helpers/api.ts';

const ask = async (path: '/api/health' | '/api/health/ready') => {
  const mod = path === '/api/health' ? await import('../../app/api/health/route.ts') : await import('../../app/api/health/ready/route.ts');
  const res = await mod.GET(new Request(`http://localhost:3000${path}`));
  return { status: res.status, body: await res.json(), requestId: res.headers.get('x-request-id') };
};

function pointAppAt(url: string, publishableKey: string, secretKey: string) {
  process.env.NEXT_PUBLIC_SUPABASE_URL = url;
  process.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY = publishableKey;
  process.env.SUPABASE_SECRET_KEY = secretKey;
}

let stack: Stack | undefined;
let silent: Server | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'readiness-'));
afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  silent?.closeAllConnections();
  await new Promise((r) => (silent ? silent.close(r) : r(null)));
});

describe('health', () => {
  it('liveness: 200 without a token, and a request id', async () => {
    const res = await ask('/api/health');
    expect(res).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(res.requestId).toBeTruthy();
  });

  it('readiness: 200 when the database API, Auth and Storage answer', async () => {
    applyStackEnv();
    expect(await ask('/api/health/ready')).toMatchObject({ status: 200, body: { status: 'ready', checks: { database: 'ok', auth: 'ok', storage: 'ok' } } });
  });

  it('readiness fails while PostgREST is down and recovers when it is back', { timeout: 120_000 }, async () => {
    const access: GatewayAccessEntry[] = [];
    stack = await startStack({ dataDir, apiPort: 0, dbPort: 0, ephemeral: true, accessLog: (e) => access.push(e) });
    pointAppAt(stack.url, stack.publishableKey, stack.secretKey);
    expect((await ask('/api/health/ready')).status).toBe(200);

    await stack.postgrest.stop();
    const down = await ask('/api/health/ready');
    expect(down).toMatchObject({ status: 503, body: { status: 'not_ready', checks: { database: 'failed', auth: 'ok', storage: 'ok' } } });
    // Says what failed, never why (no addresses, no error texts).
    expect(JSON.stringify(down.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|upstream/i);

    await stack.postgrest.start();
    expect(await ask('/api/health/ready')).toMatchObject({ status: 200, body: { status: 'ready' } });
    // The stack's access log saw the outage: the database API answered 502 while PostgREST was down.
    expect(access.filter((e) => e.service === 'rest').map((e) => e.status)).toEqual([200, 502, 200]);
    expect(access.find((e) => e.service === 'storage')).toMatchObject({ method: 'GET', status: 200 });
  });

  it('readiness answers 503 within its timeout when nothing responds', { timeout: 30_000 }, async () => {
    silent = createServer(() => {
      // accepts and never answers
    });
    await new Promise<void>((r) => silent!.listen(0, '127.0.0.1', r));
    pointAppAt(`http://127.0.0.1:${(silent.address() as AddressInfo).port}`, 'sb_publishable_unused', 'sb_secret_unused');
    const t0 = performance.now();
    const res = await ask('/api/health/ready');
    expect(performance.now() - t0).toBeLessThan(READINESS_TIMEOUT_MS + 1_000);
    expect(res).toMatchObject({ status: 503, body: { checks: { database: 'timeout', auth: 'timeout', storage: 'timeout' } } });
    applyStackEnv();
  });
});
