// When the Auth server cannot be reached, the API cannot confirm the session: it answers 503
// (try again), never 401 — a 401 would make the browser sign the user out.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@supabase/supabase-js';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { nodeClientOptions as options } from '../../lib/supabase/node-options.ts';
import { startStack, type Stack } from '../../supabase/local/stack.ts';

let stack: Stack | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'auth-outage-'));
afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('an Auth outage is a 503 service_unavailable, not a sign-out', { timeout: 60_000 }, async () => {
  stack = await startStack({ dataDir, apiPort: 0, dbPort: 0, ephemeral: true });
  const orgId = randomUUID();
  const db = new pg.Client({ connectionString: stack.dbUrl });
  await db.connect();
  await db.query(`insert into public.organizations (id, name) values ($1, 'Outage Org')`, [orgId]);
  await db.end();
  const admin = createClient(stack.url, stack.serviceRoleKey, options);
  const email = `outage-${randomUUID()}@example.test`;
  expect((await admin.auth.admin.createUser({ email, password: 'demo-password-123', email_confirm: true, app_metadata: { org_id: orgId, org_role: 'admin' } })).error).toBeNull();
  const { data } = await createClient(stack.url, stack.anonKey, options).auth.signInWithPassword({ email, password: 'demo-password-123' });
  const token = data.session!.access_token;

  const saved = { url: process.env.NEXT_PUBLIC_SUPABASE_URL, anon: process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY, service: process.env.SUPABASE_SERVICE_ROLE_KEY };
  process.env.NEXT_PUBLIC_SUPABASE_URL = stack.url;
  process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY = stack.anonKey;
  process.env.SUPABASE_SERVICE_ROLE_KEY = stack.serviceRoleKey;
  try {
    const { GET } = await import('../../app/api/me/route.ts');
    const call = () => GET(new Request('http://localhost/api/me', { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({}) });
    expect((await call()).status).toBe(200); // the signing keys are now cached

    await stack.stop();
    stack = undefined;
    const res = await call();
    expect(res.status).toBe(503);
    expect((await res.json()).error.code).toBe('service_unavailable');
  } finally {
    process.env.NEXT_PUBLIC_SUPABASE_URL = saved.url;
    process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY = saved.anon;
    process.env.SUPABASE_SERVICE_ROLE_KEY = saved.service;
  }
});
