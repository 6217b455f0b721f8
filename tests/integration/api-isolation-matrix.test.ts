// API isolation matrix: principals × routes × {A's id, B's id, random id, malformed id}. The whole
// expectation lives in the EXPECT table below. No response ever carries a value that exists only in
// the other org's rows.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { NUMBERS, ORGS } from '../../supabase/local/seed/demo-constants.ts';
import { anonClient, serviceClient, signIn, DEMO_PASSWORD } from '../helpers/clients.ts';
import { badTokens, callRoute, type RouteName } from '../helpers/api.ts';
import { withDb } from '../helpers/db.ts';

type Principal =
  | 'anonymous' | 'no_org_user' | 'suspended_org_user' | 'a_staff' | 'a_admin' | 'b_admin'
  | 'bad_signature' | 'expired_token' | 'alg_none' | 'foreign_key' | 'user_metadata_names_a';
type IdKind = 'a_id' | 'b_id' | 'random_id' | 'malformed_id';

// legal-hold releases a hold nobody placed: a no-op for the owner (no ledger row), so the demo data
// other test files read stays as it is. The delete route is matrixed in retention.test.ts, on its own org.
const ID_ROUTES = ['detail', 'recording', 'legal-hold'] as const;
const PLAIN_ROUTES = ['me', 'list', 'access-log', 'retention', 'erasure-receipts'] as const;
const REQUEST: Partial<Record<RouteName, { method: 'PUT'; body: unknown }>> = { 'legal-hold': { method: 'PUT', body: { held: false } } };

// Expected status per principal: for id routes by id kind, for plain routes by route.
const DENY_ALL = (status: number) => ({
  id: { a_id: status, b_id: status, random_id: status, malformed_id: status },
  plain: { me: status, list: status, 'access-log': status, retention: status, 'erasure-receipts': status },
});
const EXPECT: Record<Principal, { id: Record<IdKind, number>; plain: Record<(typeof PLAIN_ROUTES)[number], number> }> = {
  anonymous: DENY_ALL(401),
  bad_signature: DENY_ALL(401),
  expired_token: DENY_ALL(401),
  alg_none: DENY_ALL(401),
  foreign_key: DENY_ALL(401),
  no_org_user: DENY_ALL(403),
  user_metadata_names_a: DENY_ALL(403),
  suspended_org_user: DENY_ALL(403),
  a_staff: { id: { a_id: 403, b_id: 403, random_id: 403, malformed_id: 403 }, plain: { me: 200, list: 200, 'access-log': 403, retention: 403, 'erasure-receipts': 403 } },
  a_admin: { id: { a_id: 200, b_id: 404, random_id: 404, malformed_id: 400 }, plain: { me: 200, list: 200, 'access-log': 200, retention: 200, 'erasure-receipts': 200 } },
  b_admin: { id: { a_id: 404, b_id: 200, random_id: 404, malformed_id: 400 }, plain: { me: 200, list: 200, 'access-log': 200, retention: 200, 'erasure-receipts': 200 } },
};

const tokens = {} as Record<Principal, string | null>;
const ids = {} as Record<IdKind, string>;
const onlyIn: Record<'a' | 'b', string[]> = { a: [], b: [] };

beforeAll(async () => {
  const aAdmin = await signIn('admin@acme.test');
  tokens.a_admin = aAdmin.session.access_token;
  tokens.a_staff = (await signIn('staff@acme.test')).session.access_token;
  tokens.b_admin = (await signIn('admin@globex.test')).session.access_token;
  tokens.suspended_org_user = (await signIn('staff@initech.test')).session.access_token;
  tokens.anonymous = null;

  // A user without an org, and one who wrote org A into their own user_metadata.
  const admin = serviceClient().auth.admin;
  for (const key of ['no_org_user', 'user_metadata_names_a'] as const) {
    const email = `matrix-${key}-${randomUUID()}@example.test`;
    const created = await admin.createUser({ email, password: DEMO_PASSWORD, email_confirm: true });
    if (created.error) throw created.error;
    const { client, session } = await signIn(email);
    if (key === 'user_metadata_names_a') {
      const upd = await client.auth.updateUser({ data: { org_id: ORGS.acme.id, org_role: 'admin' } });
      if (upd.error) throw upd.error;
      const refreshed = await client.auth.refreshSession({ refresh_token: session.refresh_token });
      if (refreshed.error) throw refreshed.error;
      expect(refreshed.data.session!.user.user_metadata.org_id).toBe(ORGS.acme.id);
      tokens[key] = refreshed.data.session!.access_token;
    } else {
      tokens[key] = session.access_token;
    }
  }
  const bad = await badTokens(aAdmin.session.access_token);
  tokens.bad_signature = bad.badSignature;
  tokens.expired_token = bad.expired;
  tokens.alg_none = bad.algNone;
  tokens.foreign_key = bad.foreignKey;

  await withDb(async (db) => {
    const pick = async (org: string) =>
      (await db.query(`select id from public.call_logs where org_id = $1 and recording_storage_path is not null order by started_at desc limit 1`, [org])).rows[0].id as string;
    ids.a_id = await pick(ORGS.acme.id);
    ids.b_id = await pick(ORGS.globex.id);
    ids.random_id = randomUUID();
    ids.malformed_id = 'not-a-uuid';
    const values = async (org: string) => {
      const r = await db.query(`select id::text as v from public.call_logs where org_id = $1
                                union select from_number from public.call_logs where org_id = $1
                                union select to_number from public.call_logs where org_id = $1
                                union select name from public.organizations where id = $1`, [org]);
      return r.rows.map((x) => x.v as string).filter((v) => v.length > 6);
    };
    const [a, b] = [await values(ORGS.acme.id), await values(ORGS.globex.id)];
    // The demo has no deletion receipts: one per org (for a call id nothing else has), so the leak
    // check of GET /api/erasure-receipts tests something.
    const receipt = async (org: string) =>
      (await db.query(`insert into public.erasure_receipts (org_id, call_id, source, erased) values ($1, gen_random_uuid(), 'retention', '{transcript}') returning call_id::text as v`, [org])).rows[0].v as string;
    onlyIn.a = a.filter((v) => !b.includes(v)).concat(ORGS.acme.id, await receipt(ORGS.acme.id));
    onlyIn.b = b.filter((v) => !a.includes(v)).concat(ORGS.globex.id, await receipt(ORGS.globex.id));
  });
  expect(onlyIn.b).toContain(NUMBERS.globexOnlyCaller);
});

const PRINCIPALS = Object.keys(EXPECT) as Principal[];
// Whose data a principal may legitimately see, for the leak check.
const ownOrg = (p: Principal): 'a' | 'b' | null => (p === 'b_admin' ? 'b' : p.startsWith('a_') ? 'a' : null);

function assertNoLeak(p: Principal, text: string) {
  const own = ownOrg(p);
  for (const org of ['a', 'b'] as const) {
    if (org === own) continue;
    for (const value of onlyIn[org]) {
      if (text.includes(value)) throw new Error(`${p} received "${value}", which only exists in org ${org.toUpperCase()}`);
    }
  }
}

describe.each(PRINCIPALS)('%s', (principal) => {
  it.each(PLAIN_ROUTES)('%s', async (route) => {
    const res = await callRoute(route as RouteName, { token: tokens[principal] });
    expect(res.status).toBe(EXPECT[principal].plain[route]);
    if (res.status !== 200) expect(res.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
    assertNoLeak(principal, res.text);
  });

  for (const route of ID_ROUTES) {
    it.each(['a_id', 'b_id', 'random_id', 'malformed_id'] as IdKind[])(`${route} × %s`, async (kind) => {
      const res = await callRoute(route, { token: tokens[principal], callId: ids[kind], ...REQUEST[route] });
      expect(res.status).toBe(EXPECT[principal].id[kind]);
      if (res.status !== 200) expect(res.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
      assertNoLeak(principal, res.text);
    });
  }
});

describe('a foreign id is indistinguishable from a random id', () => {
  it.each(ID_ROUTES)('%s: same status and same body', async (route) => {
    const foreign = await callRoute(route, { token: tokens.a_admin, callId: ids.b_id, ...REQUEST[route] });
    const random = await callRoute(route, { token: tokens.a_admin, callId: ids.random_id, ...REQUEST[route] });
    expect(foreign.status).toBe(404);
    expect(foreign.text).toBe(random.text);
  });
});

describe('anon key and service-role key are not user sessions', () => {
  it('the anon key is refused', async () => {
    const env = (await import('../helpers/clients.ts')).stackEnv();
    expect((await callRoute('list', { token: env.anonKey })).status).toBe(401);
  });
  it('the service-role key is refused', async () => {
    const env = (await import('../helpers/clients.ts')).stackEnv();
    expect((await callRoute('list', { token: env.serviceRoleKey })).status).toBe(401);
  });
  it('a signed-out session is refused at once', async () => {
    const { client, session } = await signIn('admin@acme.test');
    expect((await callRoute('me', { token: session.access_token })).status).toBe(200);
    // This session only: a global sign-out would end the sessions other test files hold for the same
    // demo user at the same time (calls-audit saw 401s from it).
    await client.auth.signOut({ scope: 'local' });
    const after = await callRoute('me', { token: session.access_token });
    expect(after.status).toBe(401);
    void anonClient;
  });
});
