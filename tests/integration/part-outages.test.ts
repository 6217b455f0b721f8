// What users and providers get while one part of the stack is down, part by part, through the
// stack's fault switches (the ones `npm run load -- --faults` uses): a 503 service_unavailable with
// Retry-After that says "try again" — never a 401 (which signs the browser out), a 404 (which says
// the recording is gone) or a 500 — and the same request answers normally once the part is back.
// A stack of its own: stopping parts of the shared test stack would break the other suites.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedWebhookHeaders } from '../../lib/webhooks/sign-request.ts';
import { seedDemo } from '../../supabase/local/seed/demo.ts';
import { DEMO_PASSWORD, ORGS } from '../../supabase/local/seed/demo-constants.ts';
import { startStack, type Stack } from '../../supabase/local/stack.ts';

let stack: Stack;
let token: string;
let recordedCallId: string;
let secret: string;
const dataDir = mkdtempSync(join(tmpdir(), 'part-outages-'));

beforeAll(async () => {
  stack = await startStack({ dataDir, apiPort: 0, dbPort: 0, ephemeral: true });
  await seedDemo({ url: stack.url, serviceRoleKey: stack.secretKey, dbUrl: stack.dbUrl });
  process.env.NEXT_PUBLIC_SUPABASE_URL = stack.url;
  process.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY = stack.publishableKey;
  process.env.SUPABASE_SECRET_KEY = stack.secretKey;
  const res = await fetch(`${stack.url}/auth/v1/token?grant_type=password`, {
    method: 'POST',
    headers: { apikey: stack.publishableKey, 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@acme.test', password: DEMO_PASSWORD }),
  });
  token = ((await res.json()) as { access_token: string }).access_token;
  const db = new pg.Client({ connectionString: stack.dbUrl });
  await db.connect();
  recordedCallId = (await db.query(`select id::text from public.call_logs where org_id = $1 and recording_storage_path is not null limit 1`, [ORGS.acme.id])).rows[0].id;
  secret = (await db.query(`select secret from public.webhook_secrets where org_id = $1 and expires_at is null limit 1`, [ORGS.acme.id])).rows[0].secret;
  await db.end();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
const bearer = () => ({ headers: { authorization: `Bearer ${token}` } });

async function list() {
  const { GET } = await import('../../app/api/calls-dashboard/route.ts');
  return GET(new Request('http://localhost/api/calls-dashboard?limit=5', bearer()), ctx());
}
async function recording() {
  const { GET } = await import('../../app/api/calls-dashboard/[callId]/recording/route.ts');
  return GET(new Request(`http://localhost/api/calls-dashboard/${recordedCallId}/recording`, bearer()), ctx({ callId: recordedCallId }));
}
async function webhook() {
  const { POST } = await import('../../app/api/webhooks/voice/route.ts');
  const body = JSON.stringify({
    type: 'end-of-call-report',
    call: { id: `outage-${Date.now()}`, direction: 'inbound', from: '+14155550142', to: '+14155550100', startedAt: new Date(Date.now() - 60_000).toISOString() },
  });
  return POST(new Request(`http://localhost/api/webhooks/voice?org=${ORGS.acme.id}`, { method: 'POST', headers: signedWebhookHeaders(secret, body), body }));
}

async function expectTryAgain(res: Response) {
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect({ status: res.status, code: body.error.code, retryAfter: res.headers.get('retry-after') }).toEqual({ status: 503, code: 'service_unavailable', retryAfter: '2' });
  expect(body.error.message).toMatch(/try again/i);
}

describe("the list's count request", () => {
  // The count used to be a HEAD: its error had no body, so postgrest-js reported { message: '' }
  // and only the status. A statement cut off by a Postgres shutdown is a 500 from PostgREST
  // (57P01), so one list answered 500 "unhandled API error" in a faults run. The count's refusal
  // here is a real one (the request gate refuses an estimated count to a user's token): it must
  // reach the route with its code, as 57P01 does, not as a bodiless 4xx/5xx.
  it('fails with its code and message, not a bodiless status', async () => {
    const { listCalls } = await import('../../lib/data/calls.ts');
    const { createUserClient } = await import('../../lib/supabase/server.ts');
    const { listCallsQuery } = await import('../../lib/api/schemas.ts');
    const user = createUserClient(token);
    // One row a page, so the first page is not complete and the total is counted.
    const refusal = await listCalls(user, ORGS.acme.id, listCallsQuery.parse({ limit: '1' }), user).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refusal).toMatchObject({ code: 'PT400', message: 'count_not_allowed' });
  });

  it('a cut-off statement (57P01, answered 500 by PostgREST) maps to 503 + Retry-After', async () => {
    const { toErrorResponse } = await import('../../lib/api/errors.ts');
    await expectTryAgain(toErrorResponse({ code: '57P01', message: 'terminating connection due to administrator command', details: null, hint: null, status: 500 }));
  });
});

describe('one part of the stack down', () => {
  it('Storage: the recording URL is a 503, not a 404; back at once', async () => {
    expect((await recording()).status).toBe(200);
    await stack.storage.stop();
    try {
      await expectTryAgain(await recording());
      expect((await list()).status).toBe(200); // the list needs no Storage
    } finally {
      await stack.storage.start();
    }
    expect((await recording()).status).toBe(200);
  });

  it('PostgREST: the list and webhooks are 503s', async () => {
    await stack.postgrest.stop();
    try {
      await expectTryAgain(await list());
      await expectTryAgain(await webhook());
    } finally {
      await stack.postgrest.start();
    }
    expect((await list()).status).toBe(200);
  });

  it('Postgres (fast shutdown): the list and webhooks are 503s, not 500s; both work after the restart', { timeout: 60_000 }, async () => {
    await stack.postgres.stop();
    try {
      await expectTryAgain(await list());
      await expectTryAgain(await webhook());
    } finally {
      await stack.postgres.start();
    }
    // PostgREST reconnects on its own; give it the five seconds the load run allows.
    const deadline = Date.now() + 5_000;
    let status = 0;
    while (Date.now() < deadline && (status = (await list()).status) !== 200) await new Promise((r) => setTimeout(r, 200));
    expect(status).toBe(200);
    expect((await webhook()).status).toBe(200);
  });
});
