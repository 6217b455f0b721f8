// The current API keys (sb_publishable_…, sb_secret_…) work against the local stack as against a
// hosted project, through the official supabase-js client: the gateway accepts them in `apikey`
// (and in `Authorization` when it repeats `apikey`, as supabase-js sends it with no session) and
// forwards the request as the anon / service_role JWT. A wrong sb_ key is a 401 at every service.
import { randomUUID } from 'node:crypto';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../lib/database.types.ts';
import { nodeClientOptions } from '../../lib/supabase/node-options.ts';
import { DEMO_PASSWORD, ORGS } from '../../supabase/local/seed/demo-constants.ts';
import { stackEnv } from '../helpers/clients.ts';

const BUCKET = 'call-recordings';

function client(key: string, fetchImpl?: typeof fetch): SupabaseClient<Database> {
  return createClient<Database>(stackEnv().url, key, {
    ...nodeClientOptions,
    global: fetchImpl ? { fetch: fetchImpl } : {},
  });
}

/** A fetch that records the headers of every request supabase-js sends. */
function recordingFetch() {
  const sent: Headers[] = [];
  const fetchImpl: typeof fetch = (input, init) => {
    sent.push(new Headers(init?.headers));
    return fetch(input, init);
  };
  return { sent, fetchImpl };
}

/** A key of the right shape that this stack never issued. */
function wrongKey(kind: 'publishable' | 'secret') {
  return `sb_${kind}_${randomUUID().replace(/-/g, '').slice(0, 22)}_${randomUUID().slice(0, 8)}`;
}

describe('the stack issues opaque API keys', () => {
  it('sb_publishable_… and sb_secret_…, not JWTs, distinct from each other', () => {
    const { publishableKey, secretKey } = stackEnv();
    expect(publishableKey).toMatch(/^sb_publishable_[A-Za-z0-9_-]{22}_[A-Za-z0-9_-]{8}$/);
    expect(secretKey).toMatch(/^sb_secret_[A-Za-z0-9_-]{22}_[A-Za-z0-9_-]{8}$/);
    expect(publishableKey.split('.')).toHaveLength(1);
    expect(secretKey.split('.')).toHaveLength(1);
  });
});

describe('publishable key', () => {
  it('supabase-js sends it as apikey and as the bearer while nobody is signed in', async () => {
    const { sent, fetchImpl } = recordingFetch();
    const { error } = await client(stackEnv().publishableKey, fetchImpl).from('call_logs').select('id').limit(1);
    // As the anon role: no privilege on tenant tables (not a gateway refusal, which has no code).
    expect(error?.code).toBe('42501');
    expect(sent[0].get('apikey')).toBe(stackEnv().publishableKey);
    expect(sent[0].get('authorization')).toBe(`Bearer ${stackEnv().publishableKey}`);
  });

  it('signs in a demo user, who then reads only what RLS allows', async () => {
    const { sent, fetchImpl } = recordingFetch();
    const supabase = client(stackEnv().publishableKey, fetchImpl);
    const { data, error } = await supabase.auth.signInWithPassword({ email: 'staff@acme.test', password: DEMO_PASSWORD });
    expect(error).toBeNull();
    expect(data.session?.access_token.split('.')).toHaveLength(3);

    const own = await supabase.from('call_logs').select('id, org_id').limit(50);
    expect(own.error).toBeNull();
    expect(own.data!.length).toBeGreaterThan(0);
    expect(new Set(own.data!.map((r) => r.org_id))).toEqual(new Set([ORGS.acme.id]));
    const foreign = await supabase.from('call_logs').select('id').eq('org_id', ORGS.globex.id);
    expect(foreign.error).toBeNull();
    expect(foreign.data).toEqual([]);

    // The user's access token, not the key, is the bearer once signed in.
    const last = sent.at(-1)!;
    expect(last.get('apikey')).toBe(stackEnv().publishableKey);
    expect(last.get('authorization')).toBe(`Bearer ${data.session!.access_token}`);
  });

  it('cannot use the Auth admin API', async () => {
    const { error } = await client(stackEnv().publishableKey).auth.admin.listUsers({ page: 1, perPage: 1 });
    expect(error?.status).toBe(403);
  });
});

describe('secret key', () => {
  it('works for the Auth admin API', async () => {
    const admin = client(stackEnv().secretKey);
    const listed = await admin.auth.admin.listUsers({ page: 1, perPage: 1000 });
    expect(listed.error).toBeNull();
    expect(listed.data.users.map((u) => u.email)).toContain('admin@acme.test');

    const email = `secret-key-${randomUUID().slice(0, 8)}@example.test`;
    const created = await admin.auth.admin.createUser({ email, password: DEMO_PASSWORD, email_confirm: true, app_metadata: { org_id: ORGS.acme.id, org_role: 'staff' } });
    expect(created.error).toBeNull();
    expect(created.data.user?.app_metadata.org_id).toBe(ORGS.acme.id);
    expect((await admin.auth.admin.deleteUser(created.data.user!.id)).error).toBeNull();
  });

  it('bypasses RLS in the database and in Storage', async () => {
    const admin = client(stackEnv().secretKey);
    for (const org of [ORGS.acme, ORGS.globex]) {
      const { data, error } = await admin.from('call_logs').select('id').eq('org_id', org.id).limit(1);
      expect(error).toBeNull();
      expect(data).toHaveLength(1);
    }
    const objects = await admin.storage.from(BUCKET).list(ORGS.globex.id, { limit: 100 });
    expect(objects.error).toBeNull();
    expect(objects.data!.length).toBeGreaterThan(0);
  });

  it('is refused when a browser sends it, as on hosted projects', async () => {
    const res = await fetch(`${stackEnv().url}/rest/v1/organizations?select=id`, {
      headers: { apikey: stackEnv().secretKey, 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36' },
    });
    expect(res.status).toBe(401);
  });
});

describe('a wrong sb_ key is 401 at every service', () => {
  const paths = ['/rest/v1/call_logs?select=id', '/auth/v1/user', '/auth/v1/admin/users', `/storage/v1/bucket/${BUCKET}`, `/storage/v1/object/list/${BUCKET}`];
  const keys = () => ({
    'unknown publishable': wrongKey('publishable'),
    'unknown secret': wrongKey('secret'),
    'one character off': stackEnv().secretKey.slice(0, -1) + (stackEnv().secretKey.endsWith('A') ? 'B' : 'A'),
  });

  it('in apikey and Authorization, as supabase-js sends it', async () => {
    for (const [label, key] of Object.entries(keys())) {
      for (const path of paths) {
        const res = await fetch(`${stackEnv().url}${path}`, { headers: { apikey: key, authorization: `Bearer ${key}` } });
        expect(res.status, `${label} ${path}`).toBe(401);
        expect((await res.json()).message, `${label} ${path}`).toBe('Invalid API key');
      }
    }
  });

  it('through supabase-js: rest, auth and storage answer 401', async () => {
    const supabase = client(wrongKey('publishable'));
    expect((await supabase.from('call_logs').select('id')).status).toBe(401);
    expect((await supabase.auth.signInWithPassword({ email: 'staff@acme.test', password: DEMO_PASSWORD })).error?.status).toBe(401);
    const admin = client(wrongKey('secret'));
    expect((await admin.auth.admin.listUsers()).error?.status).toBe(401);
    expect(((await admin.storage.from(BUCKET).list(ORGS.acme.id)).error as { status?: number } | null)?.status).toBe(401);
  });

  it('an sb_ key as the bearer only counts when it repeats apikey', async () => {
    const { url, publishableKey, secretKey, anonKey } = stackEnv();
    const cases: Record<string, Record<string, string>> = {
      'secret bearer under a publishable apikey': { apikey: publishableKey, authorization: `Bearer ${secretKey}` },
      'secret bearer without apikey': { authorization: `Bearer ${secretKey}` },
      'secret bearer under the legacy anon apikey': { apikey: anonKey, authorization: `Bearer ${secretKey}` },
    };
    for (const [label, headers] of Object.entries(cases)) {
      const res = await fetch(`${url}/rest/v1/organizations?select=id`, { headers });
      expect(res.status, label).toBe(401);
    }
  });

  it('the legacy JWT keys still work', async () => {
    const { url, anonKey, serviceRoleKey } = stackEnv();
    const res = await fetch(`${url}/rest/v1/organizations?select=id`, { headers: { apikey: serviceRoleKey, authorization: `Bearer ${serviceRoleKey}` } });
    expect(res.status).toBe(200);
    const signIn = await client(anonKey).auth.signInWithPassword({ email: 'staff@acme.test', password: DEMO_PASSWORD });
    expect(signIn.error).toBeNull();
  });
});
