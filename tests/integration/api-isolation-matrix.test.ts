// API isolation matrix: principals × routes × {A's id, B's id, random id, malformed id}. The whole
// expectation lives in the EXPECT table below. No response ever carries a value that exists only in
// the other org's rows.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { NUMBERS, ORGS } from '../../supabase/local/seed/demo-constants.ts';
import { anonClient, serviceClient, signIn, DEMO_PASSWORD } from '../helpers/clients.ts';
import * as membersRoute from '../../app/api/org/members/route.ts';
import * as memberRoute from '../../app/api/org/members/[userId]/route.ts';
import * as invitationsRoute from '../../app/api/org/invitations/route.ts';
import * as invitationRoute from '../../app/api/org/invitations/[invitationId]/route.ts';
import { badTokens, callRoute, invokeRoute, type RouteName } from '../helpers/api.ts';
import { withDb } from '../helpers/db.ts';

type Principal =
  | 'anonymous' | 'no_org_user' | 'suspended_org_user' | 'a_staff' | 'a_admin' | 'b_admin'
  | 'bad_signature' | 'expired_token' | 'alg_none' | 'foreign_key' | 'user_metadata_names_a';
type IdKind = 'a_id' | 'b_id' | 'random_id' | 'malformed_id';

// legal-hold releases a hold nobody placed: a no-op for the owner (no ledger row), so the demo data
// other test files read stays as it is. The delete route is matrixed in retention.test.ts, on its own org.
const ID_ROUTES = ['detail', 'recording', 'legal-hold'] as const;
const PLAIN_ROUTES = ['me', 'list', 'access-log', 'webhook-settings', 'pipeline', 'retention', 'erasure-receipts', 'export', 'overview', 'time-zone'] as const;
const REQUEST: Partial<Record<RouteName, { method: 'PUT'; body: unknown }>> = { 'legal-hold': { method: 'PUT', body: { held: false } } };

// Expected status per principal: for id routes by id kind, for plain routes by route.
const DENY_ALL = (status: number) => ({
  id: { a_id: status, b_id: status, random_id: status, malformed_id: status },
  plain: { me: status, list: status, 'access-log': status, 'webhook-settings': status, pipeline: status, retention: status, 'erasure-receipts': status, export: status, overview: status, 'time-zone': status },
});
const ADMIN_PLAIN = { me: 200, list: 200, 'access-log': 200, 'webhook-settings': 200, pipeline: 200, retention: 200, 'erasure-receipts': 200, export: 200, overview: 200, 'time-zone': 200 };
const EXPECT: Record<Principal, { id: Record<IdKind, number>; plain: Record<(typeof PLAIN_ROUTES)[number], number> }> = {
  anonymous: DENY_ALL(401),
  bad_signature: DENY_ALL(401),
  expired_token: DENY_ALL(401),
  alg_none: DENY_ALL(401),
  foreign_key: DENY_ALL(401),
  no_org_user: DENY_ALL(403),
  user_metadata_names_a: DENY_ALL(403),
  suspended_org_user: DENY_ALL(403),
  a_staff: {
    id: { a_id: 403, b_id: 403, random_id: 403, malformed_id: 403 },
    plain: { me: 200, list: 200, 'access-log': 403, 'webhook-settings': 403, pipeline: 403, retention: 403, 'erasure-receipts': 403, export: 403, overview: 200, 'time-zone': 200 },
  },
  a_admin: { id: { a_id: 200, b_id: 404, random_id: 404, malformed_id: 400 }, plain: ADMIN_PLAIN },
  b_admin: { id: { a_id: 404, b_id: 200, random_id: 404, malformed_id: 400 }, plain: ADMIN_PLAIN },
};

const tokens = {} as Record<Principal, string | null>;
const ids = {} as Record<IdKind, string>;
const onlyIn: Record<'a' | 'b', string[]> = { a: [], b: [] };
// The settings routes' ids: each org's signing secret, provider endpoint, delivery and dead letter ids.
const settingsIds = {} as Record<'a' | 'b', { secret: string; deadLetter: string; vapiEndpoint: string }>;

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
    // A delivery in each org's log, so the settings route's leak check has rows to compare.
    for (const org of [ORGS.acme.id, ORGS.globex.id]) {
      await db.query(`select public.record_webhook_delivery($1, 'standard', 'end-of-call-report', 'accepted', null)`, [org]);
    }
    const settingsValues = async (org: string) => {
      const r = await db.query(`select id::text as v from public.webhook_secrets where org_id = $1
                                union all select secret from public.webhook_secrets where org_id = $1
                                union all select id::text from public.provider_webhook_endpoints where org_id = $1
                                union all select secret from public.provider_webhook_endpoints where org_id = $1
                                union all select id::text from public.webhook_delivery_events where org_id = $1
                                union all select id::text from public.failed_recording_uploads where org_id = $1`, [org]);
      return r.rows.map((x) => x.v as string);
    };
    const pickSettings = async (org: string) => ({
      secret: (await db.query(`select id from public.webhook_secrets where org_id = $1 order by valid_from desc limit 1`, [org])).rows[0].id as string,
      deadLetter: (await db.query(`select id from public.failed_recording_uploads where org_id = $1 and dead_lettered_at is not null and resolved_at is null limit 1`, [org])).rows[0].id as string,
      vapiEndpoint: (await db.query(`select id from public.provider_webhook_endpoints where org_id = $1 and provider = 'vapi' and disabled_at is null order by created_at desc limit 1`, [org])).rows[0].id as string,
    });
    settingsIds.a = await pickSettings(ORGS.acme.id);
    settingsIds.b = await pickSettings(ORGS.globex.id);
    const [a, b] = [(await values(ORGS.acme.id)).concat(await settingsValues(ORGS.acme.id)), (await values(ORGS.globex.id)).concat(await settingsValues(ORGS.globex.id))];
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

// The settings writes, for every principal. Non-admins are refused (staff with 403 from the
// database's functions too: principal-matrix.test.ts calls them over /rest/v1). Admins: one
// rotation of their own org's secret (overlap kept, so nothing else in the run is affected), a test
// event, and retire/re-queue with the other org's id, a random id and a malformed id, which change
// nothing (the own-id cases are in webhook-settings.test.ts and pipeline-health.test.ts, on orgs of
// their own).
const DENIED_STATUS: Partial<Record<Principal, number>> = {
  anonymous: 401, bad_signature: 401, expired_token: 401, alg_none: 401, foreign_key: 401,
  no_org_user: 403, user_metadata_names_a: 403, suspended_org_user: 403, a_staff: 403,
};

describe.each(PRINCIPALS)('settings writes: %s', (principal) => {
  const denied = DENIED_STATUS[principal];
  const own = principal === 'b_admin' ? 'b' : 'a';
  const other = own === 'a' ? 'b' : 'a';
  const expectError = (res: { status: number; body: unknown }, status: number) => {
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  };

  it('rotate-secret', async () => {
    const res = await callRoute('rotate-secret', { token: tokens[principal], body: { overlapHours: 1 } });
    if (denied) return expectError(res, denied);
    expect(res.status).toBe(200);
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(res.body.retiring).toHaveLength(1);
    assertNoLeak(principal, res.text);
  });

  it('webhook-test', async () => {
    const res = await callRoute('webhook-test', { token: tokens[principal], body: { provider: 'standard' } });
    if (denied) return expectError(res, denied);
    expect(res.body).toEqual({ provider: 'standard', sent: true, status: 200, verified: true });
  });

  it.each(['other', 'random', 'malformed'] as const)('retire-secret × %s id', async (kind) => {
    const secretId = kind === 'other' ? settingsIds[other].secret : kind === 'random' ? randomUUID() : 'not-a-uuid';
    const res = await callRoute('retire-secret', { token: tokens[principal], body: { secretId } });
    if (denied) return expectError(res, denied);
    expectError(res, kind === 'malformed' ? 400 : 404);
  });

  it('vapi-secret', async () => {
    const res = await callRoute('vapi-secret', { token: tokens[principal], body: { overlapHours: 1 } });
    if (denied) return expectError(res, denied);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ provider: 'vapi', endpointId: settingsIds[own].vapiEndpoint, secret: expect.stringMatching(/^vapi_/) });
    expect(res.body.retiring).not.toBeNull();
    assertNoLeak(principal, res.text);
  });

  it('retell-key', async () => {
    const apiKey = `key_${randomUUID().replace(/-/g, '')}`;
    const res = await callRoute('retell-key', { token: tokens[principal], body: { apiKey, overlapHours: 1 } });
    if (denied) return expectError(res, denied);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ provider: 'retell', last4: apiKey.slice(-4) });
    expect(res.text).not.toContain(apiKey);
    assertNoLeak(principal, res.text);
  });

  it.each(['other', 'random', 'malformed'] as const)('retire-credential × %s id', async (kind) => {
    const endpointId = kind === 'other' ? settingsIds[other].vapiEndpoint : kind === 'random' ? randomUUID() : 'not-a-uuid';
    const res = await callRoute('retire-credential', { token: tokens[principal], body: { endpointId } });
    if (denied) return expectError(res, denied);
    expectError(res, kind === 'malformed' ? 400 : 404);
  });

  it.each(['other', 'random', 'malformed'] as const)('requeue × %s id', async (kind) => {
    const deadLetterId = kind === 'other' ? settingsIds[other].deadLetter : kind === 'random' ? randomUUID() : 'not-a-uuid';
    const res = await callRoute('requeue', { token: tokens[principal], body: { deadLetterId } });
    if (denied) expectError(res, denied);
    else if (kind === 'malformed') expectError(res, 400);
    else expect(res.body).toEqual({ requeued: 0, callIds: [] });
    await withDb(async (db) => {
      const r = await db.query(`select dead_lettered_at is not null and resolved_at is null as dead from public.failed_recording_uploads where id = $1`, [settingsIds.a.deadLetter]);
      expect(r.rows[0].dead).toBe(true);
    });
  });
});

describe('a foreign id is indistinguishable from a random id', () => {
  it('retire-secret, requeue and retire-credential: same status and same body', async () => {
    for (const [route, field, id] of [
      ['retire-secret', 'secretId', settingsIds.b.secret],
      ['requeue', 'deadLetterId', settingsIds.b.deadLetter],
      ['retire-credential', 'endpointId', settingsIds.b.vapiEndpoint],
    ] as const) {
      const foreign = await callRoute(route, { token: tokens.a_admin, body: { [field]: id } });
      const random = await callRoute(route, { token: tokens.a_admin, body: { [field]: randomUUID() } });
      expect(foreign.status).toBe(random.status);
      expect(foreign.text).toBe(random.text);
    }
  });

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

// Org administration routes (members and invitations): every principal × {A's id, B's id, random,
// malformed}. Each call is a no-op when it succeeds (a member set to the role they have, an
// invitation made for this matrix revoked), so the demo users other files sign in as never change.
describe('org administration routes', () => {
  const members = { a: '', b: '' };
  const invitations = { a: '', b: '' };
  const MEMBER_STATUS: Record<Principal, Record<IdKind, number>> = {
    ...(Object.fromEntries(PRINCIPALS.map((p) => [p, EXPECT[p].id])) as Record<Principal, Record<IdKind, number>>),
    // Staff: refused by the database before any lookup, whatever the id (malformed ids fail validation first).
    a_staff: { a_id: 403, b_id: 403, random_id: 403, malformed_id: 400 },
    // Staff of a suspended org: the database refuses the org (403); a malformed id never gets that far.
    suspended_org_user: { a_id: 403, b_id: 403, random_id: 403, malformed_id: 400 },
  };

  beforeAll(async () => {
    await withDb(async (db) => {
      const id = async (email: string) => (await db.query('select id from auth.users where email = $1', [email])).rows[0].id as string;
      members.a = await id('staff@acme.test');
      members.b = await id('staff@globex.test');
    });
    for (const [org, token] of [['a', tokens.a_admin], ['b', tokens.b_admin]] as const) {
      const created = await invokeRoute(invitationsRoute.POST, {
        method: 'POST', path: '/api/org/invitations', token, body: { email: `matrix-invite-${randomUUID().slice(0, 8)}@example.test`, role: 'staff' },
      });
      expect(created.status).toBe(200);
      invitations[org] = created.body.invitation.id;
    }
  });

  const idOf = (pool: { a: string; b: string }, kind: IdKind) =>
    kind === 'a_id' ? pool.a : kind === 'b_id' ? pool.b : kind === 'random_id' ? randomUUID() : 'not-a-uuid';

  describe.each(PRINCIPALS)('%s', (principal) => {
    it('GET /api/org/members', async () => {
      const res = await invokeRoute(membersRoute.GET, { method: 'GET', path: '/api/org/members', token: tokens[principal] });
      const allowed = principal === 'a_admin' || principal === 'b_admin';
      expect(res.status).toBe(allowed ? 200 : principal === 'a_staff' ? 403 : EXPECT[principal].plain.me === 200 ? 403 : EXPECT[principal].plain.me);
      if (res.status !== 200) expect(res.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
      const text = res.text;
      expect(text.includes('staff@globex.test')).toBe(principal === 'b_admin');
      expect(text.includes('staff@acme.test')).toBe(principal === 'a_admin');
    });

    it.each(['a_id', 'b_id', 'random_id', 'malformed_id'] as IdKind[])('PATCH member role × %s', async (kind) => {
      const userId = idOf(members, kind);
      const res = await invokeRoute(memberRoute.PATCH, { method: 'PATCH', path: `/api/org/members/${userId}`, token: tokens[principal], params: { userId }, body: { role: 'staff' } });
      expect(res.status).toBe(MEMBER_STATUS[principal][kind]);
      if (res.status !== 200) expect(res.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
    });

    it.each(['a_id', 'b_id', 'random_id', 'malformed_id'] as IdKind[])('DELETE invitation × %s', async (kind) => {
      const invitationId = idOf(invitations, kind);
      const res = await invokeRoute(invitationRoute.DELETE, { method: 'DELETE', path: `/api/org/invitations/${invitationId}`, token: tokens[principal], params: { invitationId } });
      expect(res.status).toBe(MEMBER_STATUS[principal][kind]);
    });
  });

  it('the demo staff members kept their roles', async () => {
    const roles = await withDb(async (db) =>
      (await db.query(`select raw_app_meta_data ->> 'org_role' as r from auth.users where id = any($1)`, [[members.a, members.b]])).rows.map((r) => r.r),
    );
    expect(roles).toEqual(['staff', 'staff']);
  });
});
