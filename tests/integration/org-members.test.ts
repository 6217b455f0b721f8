// Org administration, part 1 (members and invitations), proven at the database through the official
// client and through the routes, on a fresh org per run so that the demo users other files sign in
// as are never demoted or removed here.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as membersRoute from '../../app/api/org/members/route.ts';
import * as memberRoute from '../../app/api/org/members/[userId]/route.ts';
import * as invitationsRoute from '../../app/api/org/invitations/route.ts';
import * as invitationRoute from '../../app/api/org/invitations/[invitationId]/route.ts';
import * as previewRoute from '../../app/api/invitations/[token]/route.ts';
import * as acceptRoute from '../../app/api/invitations/[token]/accept/route.ts';
import * as meRoute from '../../app/api/me/route.ts';
import { ORGS } from '../../supabase/local/seed/demo-constants.ts';
import { invokeRoute } from '../helpers/api.ts';
import { anonClient, clientWithToken, DEMO_PASSWORD, serviceClient, signIn } from '../helpers/clients.ts';
import { withDb } from '../helpers/db.ts';

let org: string;
let admin: { id: string; email: string; token: string };
let admin2: { id: string; email: string; token: string };
let staff: { id: string; email: string; token: string };
let globexAdmin: { id: string; token: string };

async function user(orgId: string | null, role: 'admin' | 'staff' | null, prefix = 'members') {
  const email = `${prefix}-${randomUUID().slice(0, 8)}@example.test`;
  const app_metadata = orgId && role ? { org_id: orgId, org_role: role } : {};
  const { data, error } = await serviceClient().auth.admin.createUser({ email, password: DEMO_PASSWORD, email_confirm: true, app_metadata });
  if (error) throw error;
  const { session, client } = await signIn(email);
  return { id: data.user.id, email, token: session.access_token, client };
}

const members = (token: string) => invokeRoute(membersRoute.GET, { method: 'GET', path: '/api/org/members', token });
const invite = (token: string, body: unknown) => invokeRoute(invitationsRoute.POST, { method: 'POST', path: '/api/org/invitations', token, body });
const setRole = (token: string, userId: string, role: unknown) =>
  invokeRoute(memberRoute.PATCH, { method: 'PATCH', path: `/api/org/members/${userId}`, token, params: { userId }, body: { role } });
const remove = (token: string, userId: string) => invokeRoute(memberRoute.DELETE, { method: 'DELETE', path: `/api/org/members/${userId}`, token, params: { userId } });
const revoke = (token: string, invitationId: string) =>
  invokeRoute(invitationRoute.DELETE, { method: 'DELETE', path: `/api/org/invitations/${invitationId}`, token, params: { invitationId } });
const preview = (token: string) => invokeRoute(previewRoute.GET, { method: 'GET', path: `/api/invitations/${token}`, params: { token } });
const accept = (token: string, opts: { password?: string; bearer?: string } = {}) =>
  invokeRoute(acceptRoute.POST, {
    method: 'POST',
    path: `/api/invitations/${token}/accept`,
    params: { token },
    token: opts.bearer,
    body: opts.password ? { password: opts.password } : {},
  });
const tokenOf = (link: string) => link.split('/invite/')[1];
const appMeta = (id: string) => withDb(async (db) => (await db.query('select raw_app_meta_data as m from auth.users where id = $1', [id])).rows[0].m);
const auditActions = () =>
  withDb(async (db) => (await db.query('select action, target, actor_user_id from public.org_audit_log where org_id = $1 order by created_at', [org])).rows);

beforeAll(async () => {
  org = randomUUID();
  await withDb((db) => db.query(`insert into public.organizations (id, name) values ($1, 'Members Test Org')`, [org]));
  admin = await user(org, 'admin');
  admin2 = await user(org, 'admin');
  staff = await user(org, 'staff');
  const g = await signIn('admin@globex.test');
  globexAdmin = { id: g.user.id, token: g.session.access_token };
});

describe('the role boundary is the database', () => {
  const rpcs: [string, Record<string, unknown>][] = [
    ['org_members_overview', {}],
    ['create_org_invitation', { p_email: 'x@example.test', p_role: 'staff' }],
    ['revoke_org_invitation', { p_invitation_id: randomUUID() }],
    ['set_org_member_role', { p_user_id: randomUUID(), p_role: 'admin' }],
    ['remove_org_member', { p_user_id: randomUUID() }],
  ];
  it.each(rpcs)('staff calling %s over the Data API: 403 forbidden, nothing written', async (fn, args) => {
    const before = (await auditActions()).length;
    const { error } = await clientWithToken(staff.token).rpc(fn as 'org_members_overview', args as never);
    expect(error).toMatchObject({ code: 'PT403', message: 'forbidden' });
    expect((await auditActions()).length).toBe(before);
  });

  it('staff get 403 from every members route', async () => {
    expect((await members(staff.token)).status).toBe(403);
    expect((await invite(staff.token, { email: 'x@example.test', role: 'staff' })).status).toBe(403);
    expect((await setRole(staff.token, staff.id, 'admin')).status).toBe(403);
    expect((await remove(staff.token, admin.id)).status).toBe(403);
    expect((await revoke(staff.token, randomUUID())).status).toBe(403);
    expect((await appMeta(staff.id)).org_role).toBe('staff');
  });

  it('anon cannot call the functions, not even the invitee-side ones', async () => {
    for (const fn of ['org_members_overview', 'invitation_preview', 'accept_org_invitation', 'org_audit', 'require_org_admin']) {
      const { error } = await anonClient().rpc(fn as 'org_members_overview', {} as never);
      expect(error, fn).not.toBeNull();
    }
    const { error } = await clientWithToken(admin.token).rpc('invitation_preview' as 'org_members_overview', { p_token: 'x' } as never);
    expect(error).not.toBeNull();
  });

  it('signed-out and unauthenticated callers are refused', async () => {
    expect((await members('')).status).toBe(401);
    const gone = await user(org, 'admin');
    await gone.client.auth.signOut({ scope: 'global' });
    expect((await members(gone.token)).status).toBe(401);
  });
});

describe('members overview', () => {
  it("lists the org's members with role and last sign-in, and nobody from another org", async () => {
    const res = await members(admin.token);
    expect(res.status).toBe(200);
    const emails = res.body.members.map((m: { email: string }) => m.email);
    expect(emails).toEqual(expect.arrayContaining([admin.email, admin2.email, staff.email]));
    expect(emails).not.toContain('admin@globex.test');
    expect(emails).not.toContain('admin@acme.test');
    const s = res.body.members.find((m: { email: string }) => m.email === staff.email);
    expect(s).toMatchObject({ userId: staff.id, role: 'staff' });
    expect(Date.parse(s.lastSignInAt)).toBeGreaterThan(Date.now() - 10 * 60_000);
  });
});

describe('invitations', () => {
  it('invite → preview → accept with a new password → signed in as a member with the role; once only', async () => {
    const email = `Invitee-${randomUUID().slice(0, 8)}@Example.test`;
    const created = await invite(admin.token, { email, role: 'staff' });
    expect(created.status).toBe(200);
    expect(created.body.invitation).toMatchObject({ email: email.toLowerCase(), role: 'staff', status: 'pending' });
    expect(created.body.link).toMatch(/^http:\/\/localhost:3000\/invite\/[0-9a-f]{64}$/);
    const token = tokenOf(created.body.link);
    // Only the hash is stored.
    const stored = await withDb(async (db) => (await db.query('select encode(token_hash, $2) as h from public.org_invitations where id = $1', [created.body.invitation.id, 'hex'])).rows[0].h);
    expect(stored).not.toBe(token);

    const p = await preview(token);
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ status: 'pending', email: email.toLowerCase(), role: 'staff', orgName: 'Members Test Org' });

    expect((await accept(token, { password: 'short' })).status).toBe(400);
    const ok = await accept(token, { password: 'a-long-password-1' });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toEqual({ role: 'staff', accountCreated: true });
    const { session } = await signIn(email.toLowerCase(), 'a-long-password-1');
    const me = await invokeRoute(meRoute.GET, { method: 'GET', path: '/api/me', token: session.access_token });
    expect(me.body).toMatchObject({ org: { id: org }, role: 'staff' });

    const again = await accept(token, { password: 'a-long-password-1' });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('invitation_unavailable');
    // A closed invitation shows its status only.
    expect((await preview(token)).body).toEqual({ status: 'accepted' });
    const actions = (await auditActions()).map((a) => `${a.action} ${a.target}`);
    expect(actions).toEqual(expect.arrayContaining([`member.invited ${email.toLowerCase()}`, `member.joined ${email.toLowerCase()}`]));
  });

  it('a signed-in account without an org accepts with its session; another address is refused', async () => {
    const loner = await user(null, null, 'loner');
    const created = await invite(admin.token, { email: loner.email, role: 'admin' });
    const token = tokenOf(created.body.link);
    const stranger = await user(null, null, 'stranger');
    const wrong = await accept(token, { bearer: stranger.token });
    expect(wrong.status).toBe(403);
    expect((await appMeta(stranger.id)).org_id).toBeUndefined();
    const ok = await accept(token, { bearer: loner.token });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toEqual({ role: 'admin', accountCreated: false });
    expect(await appMeta(loner.id)).toMatchObject({ org_id: org, org_role: 'admin' });
  });

  it('a signed-out session cannot accept', async () => {
    const loner = await user(null, null, 'loner');
    const token = tokenOf((await invite(admin.token, { email: loner.email, role: 'staff' })).body.link);
    await loner.client.auth.signOut({ scope: 'global' });
    expect((await accept(token, { bearer: loner.token })).status).toBe(401);
    expect((await appMeta(loner.id)).org_id).toBeUndefined();
  });

  it('an account that exists is told to sign in first; an account of another org is refused', async () => {
    const loner = await user(null, null, 'loner');
    const token = tokenOf((await invite(admin.token, { email: loner.email, role: 'staff' })).body.link);
    const res = await accept(token, { password: 'a-long-password-1' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('Sign in');

    const token2 = tokenOf((await invite(admin.token, { email: 'admin@globex.test', role: 'staff' })).body.link);
    const elsewhere = await accept(token2, { bearer: globexAdmin.token });
    expect(elsewhere.status).toBe(409);
    expect((await appMeta(globexAdmin.id)).org_id).toBe(ORGS.globex.id);
  });

  it('revoked, expired and replaced invitations cannot be accepted (410), and no account is left behind', async () => {
    const email = `revoked-${randomUUID().slice(0, 8)}@example.test`;
    const first = await invite(admin.token, { email, role: 'staff' });
    const second = await invite(admin.token, { email, role: 'admin' });
    expect((await accept(tokenOf(first.body.link), { password: 'a-long-password-1' })).status).toBe(410);
    expect((await revoke(admin.token, second.body.invitation.id)).status).toBe(200);
    expect((await revoke(admin.token, second.body.invitation.id)).status).toBe(200);
    expect((await accept(tokenOf(second.body.link), { password: 'a-long-password-1' })).status).toBe(410);

    const third = await invite(admin.token, { email, role: 'staff' });
    await withDb((db) => db.query(`update public.org_invitations set created_at = now() - interval '8 days', expires_at = now() - interval '1 day' where id = $1`, [third.body.invitation.id]));
    const expired = await accept(tokenOf(third.body.link), { password: 'a-long-password-1' });
    expect(expired.status).toBe(410);
    expect(expired.body.error.message).toContain('expired');
    const accounts = await withDb(async (db) => (await db.query('select count(*)::int as n from auth.users where lower(email) = $1', [email])).rows[0].n);
    expect(accounts).toBe(0);
  });

  it("an inviter who stops being an admin takes their open invitations with them", async () => {
    const inviter = await user(org, 'admin');
    const toDemote = tokenOf((await invite(inviter.token, { email: `by-demoted-${randomUUID().slice(0, 8)}@example.test`, role: 'admin' })).body.link);
    expect((await setRole(admin.token, inviter.id, 'staff')).status).toBe(200);
    expect((await preview(toDemote)).body).toEqual({ status: 'revoked' });
    expect((await accept(toDemote, { password: 'a-long-password-1' })).status).toBe(410);
    const trail = await auditActions();
    expect(trail.some((a) => a.action === 'invitation.revoked' && a.target === inviter.email)).toBe(true);

    // Removed, or changed outside these functions (the accept checks the inviter itself).
    const inviter2 = await user(org, 'admin');
    const byRemoved = tokenOf((await invite(inviter2.token, { email: `by-removed-${randomUUID().slice(0, 8)}@example.test`, role: 'admin' })).body.link);
    await serviceClient().auth.admin.updateUserById(inviter2.id, { app_metadata: { org_role: 'staff' } });
    expect((await accept(byRemoved, { password: 'a-long-password-1' })).status).toBe(410);
  });

  it('accept refuses an existing member, a suspended org and an account whose email is not confirmed', async () => {
    const loner = await user(null, null, 'loner');
    const t1 = tokenOf((await invite(admin.token, { email: loner.email, role: 'admin' })).body.link);
    await serviceClient().auth.admin.updateUserById(loner.id, { app_metadata: { org_id: org, org_role: 'staff' } });
    const again = await signIn(loner.email);
    expect((await accept(t1, { bearer: again.session.access_token })).status).toBe(409);
    expect((await appMeta(loner.id)).org_role).toBe('staff');

    const unconfirmedEmail = `unconfirmed-${randomUUID().slice(0, 8)}@example.test`;
    const t2 = tokenOf((await invite(admin.token, { email: unconfirmedEmail, role: 'staff' })).body.link);
    const created = await serviceClient().auth.admin.createUser({ email: unconfirmedEmail, password: DEMO_PASSWORD });
    if (created.error) throw created.error;
    await withDb(async (db) => {
      const { rows } = await db.query('select public.accept_org_invitation($1, $2) as r', [t2, created.data.user.id]).catch((e: Error) => ({ rows: [{ r: e.message }] }));
      expect(rows[0].r).toBe('invitation_email_mismatch');
    });

    const suspended = randomUUID();
    await withDb((db) => db.query(`insert into public.organizations (id, name) values ($1, 'Soon Suspended')`, [suspended]));
    const sAdmin = await user(suspended, 'admin');
    const t3 = tokenOf((await invite(sAdmin.token, { email: `to-suspended-${randomUUID().slice(0, 8)}@example.test`, role: 'staff' })).body.link);
    await withDb((db) => db.query(`update public.organizations set status = 'suspended' where id = $1`, [suspended]));
    const res = await accept(t3, { password: 'a-long-password-1' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('organization_suspended');
  });

  it('with invitation links turned off (INVITATION_LINKS=0) nothing can be created or accepted by link; invitations go by mail', async () => {
    const link = (await invite(admin.token, { email: `off-${randomUUID().slice(0, 8)}@example.test`, role: 'staff' })).body.link;
    process.env.INVITATION_LINKS = '0';
    try {
      const created = await invite(admin.token, { email: `off-${randomUUID().slice(0, 8)}@example.test`, role: 'staff', delivery: 'link' });
      expect(created.status).toBe(403);
      expect(created.body.error.message).toContain('INVITATION_LINKS');
      // The deployment's default is then Supabase Auth's mail (tests/integration/invitation-mail.test.ts).
      const mailed = await invite(admin.token, { email: `off-${randomUUID().slice(0, 8)}@example.test`, role: 'staff' });
      expect(mailed).toMatchObject({ status: 200, body: { delivery: 'mail', link: null } });
      expect((await accept(tokenOf(link), { password: 'a-long-password-1' })).status).toBe(403);
    } finally {
      delete process.env.INVITATION_LINKS;
    }
  });

  it('unknown and malformed tokens: 404 and 400, no lookup by prefix', async () => {
    expect((await preview('0'.repeat(64))).status).toBe(404);
    expect((await preview('not-a-token')).status).toBe(400);
    expect((await accept('f'.repeat(64), { password: 'a-long-password-1' })).status).toBe(404);
  });

  it('bad input is a clear 4xx and writes nothing', async () => {
    const before = (await auditActions()).length;
    expect((await invite(admin.token, { email: 'not-an-email', role: 'staff' })).body.error).toMatchObject({ code: 'invalid_request' });
    expect((await invite(admin.token, { email: 'a@example.test', role: 'owner' })).status).toBe(400);
    expect((await invite(admin.token, { email: 'a@example.test', role: 'staff', org_id: ORGS.globex.id })).status).toBe(400);
    const raw = await invokeRoute(invitationsRoute.POST, { method: 'POST', path: '/api/org/invitations', token: admin.token, rawBody: '{"email":', contentType: 'application/json' });
    expect(raw.status).toBe(400);
    const form = await invokeRoute(invitationsRoute.POST, { method: 'POST', path: '/api/org/invitations', token: admin.token, rawBody: 'email=a', contentType: 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    expect((await invite(admin.token, { email: staff.email, role: 'admin' })).status).toBe(409);
    expect((await setRole(admin.token, staff.id, 'root')).status).toBe(400);
    expect((await auditActions()).length).toBe(before);
  });
});

describe('role changes and removal', () => {
  it('demote: the old token is refused on the next request on every path, the refreshed one has the new role', async () => {
    const m = await user(org, 'admin');
    const signedIn = await signIn(m.email);
    expect((await setRole(admin.token, m.id, 'staff')).status).toBe(200);
    // Data API: the request gate sees the role changed.
    const { error } = await clientWithToken(m.token).from('call_logs').select('id').limit(1);
    expect(error).toMatchObject({ message: 'access_changed' });
    // Our routes: stale_session (the UI refreshes and retries).
    const me = await invokeRoute(meRoute.GET, { method: 'GET', path: '/api/me', token: m.token });
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('stale_session');
    const { data } = await signedIn.client.auth.refreshSession();
    const after = await invokeRoute(meRoute.GET, { method: 'GET', path: '/api/me', token: data.session!.access_token });
    expect(after.body.role).toBe('staff');
    expect((await members(data.session!.access_token)).status).toBe(403);
    expect((await auditActions()).some((a) => a.action === 'member.role_changed' && a.target === m.email)).toBe(true);
  });

  it('remove: the next request is refused, and after refresh the account has no organization', async () => {
    const m = await user(org, 'staff');
    const signedIn = await signIn(m.email);
    expect((await remove(admin.token, m.id)).status).toBe(200);
    const { error } = await clientWithToken(m.token).from('call_logs').select('id').limit(1);
    expect(error).toMatchObject({ message: 'access_changed' });
    const { data } = await signedIn.client.auth.refreshSession();
    const me = await invokeRoute(meRoute.GET, { method: 'GET', path: '/api/me', token: data.session!.access_token });
    expect(me.status).toBe(403);
    expect(me.body.error.code).toBe('no_organization');
    expect((await remove(admin.token, m.id)).status).toBe(404);
  });

  it("another org's user and a random id answer the same 404, and nothing changes", async () => {
    const foreign = await setRole(admin.token, globexAdmin.id, 'staff');
    const random = await setRole(admin.token, randomUUID(), 'staff');
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(random.body);
    expect((await remove(admin.token, globexAdmin.id)).body).toEqual((await remove(admin.token, randomUUID())).body);
    expect(await appMeta(globexAdmin.id)).toMatchObject({ org_id: ORGS.globex.id, org_role: 'admin' });
    const inv = await invite(admin.token, { email: `x-${randomUUID().slice(0, 6)}@example.test`, role: 'staff' });
    expect((await revoke(globexAdmin.token, inv.body.invitation.id)).status).toBe(404);
    expect((await preview(tokenOf(inv.body.link))).body.status).toBe('pending');
  });

  it('the last admin can neither demote nor remove themselves; two admins demoting each other at once leave one admin', async () => {
    const solo = randomUUID();
    await withDb((db) => db.query(`insert into public.organizations (id, name) values ($1, 'Solo Org')`, [solo]));
    const a = await user(solo, 'admin');
    const b = await user(solo, 'admin');
    // Serialized per org: the second finds its caller demoted (by the gate, or after the lock) and is
    // refused as a stale session, so the org keeps one admin.
    const [ra, rb] = await Promise.all([setRole(a.token, b.id, 'staff'), setRole(b.token, a.id, 'staff')]);
    expect([ra.status, rb.status].sort()).toEqual([200, 401]);
    const survivor = ra.status === 200 ? a : b;
    const blocked = ra.status === 200 ? rb : ra;
    expect(blocked.body.error.code).toBe('stale_session');
    const roles = [(await appMeta(a.id)).org_role, (await appMeta(b.id)).org_role].sort();
    expect(roles).toEqual(['admin', 'staff']);
    const self = await setRole(survivor.token, survivor.id, 'staff');
    expect(self.status).toBe(409);
    expect(self.body.error.message).toContain('at least one admin');
    expect((await remove(survivor.token, survivor.id)).status).toBe(409);
    expect((await appMeta(survivor.id)).org_role).toBe('admin');
  });
});
