// Invitations by Supabase Auth's mail (lib/invitations.ts, "mail"): the route in-process with real
// tokens, the mail read from the local Auth's mailbox (auth.local_mailbox) and its link followed the
// way the app's /auth/confirm does (verifyOtp with the mail's type and token_hash).
//   - a new address gets an invite mail, an address with an account a magic link; both lead to the
//     invitation page signed in as the address, which then accepts and reads the org's calls;
//   - accepting needs the signed-in address to be the invited one;
//   - a mail that cannot be sent leaves no open invitation; staff cannot invite.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as acceptRoute from '../../app/api/invitations/[token]/accept/route.ts';
import * as invitationsRoute from '../../app/api/org/invitations/route.ts';
import * as listRoute from '../../app/api/calls-dashboard/route.ts';
import { invokeRoute } from '../helpers/api.ts';
import { anonClient, DEMO_PASSWORD, serviceClient, signIn } from '../helpers/clients.ts';
import { withDb } from '../helpers/db.ts';

let org: string;
let adminToken: string;
let staffToken: string;

async function member(orgId: string | null, role: 'admin' | 'staff' | null) {
  const email = `mail-invite-${randomUUID().slice(0, 8)}@example.test`;
  const app_metadata = orgId && role ? { org_id: orgId, org_role: role } : {};
  const { error } = await serviceClient().auth.admin.createUser({ email, password: DEMO_PASSWORD, email_confirm: true, app_metadata });
  if (error) throw error;
  const { session } = await signIn(email);
  return { email, token: session.access_token };
}

const invite = (token: string, body: unknown) => invokeRoute(invitationsRoute.POST, { method: 'POST', path: '/api/org/invitations', token, body });
const accept = (invitationToken: string, bearer: string) =>
  invokeRoute(acceptRoute.POST, { method: 'POST', path: `/api/invitations/${invitationToken}/accept`, params: { token: invitationToken }, token: bearer, body: {} });

async function mailsTo(email: string) {
  return withDb(async (db) => (await db.query<{ kind: string; link: string }>('select kind, link from auth.local_mailbox where recipient = $1 order by id', [email])).rows);
}

/** Follows a mail's link as /auth/confirm does; returns the session and the page it leads to. */
async function follow(link: string) {
  const url = new URL(link);
  const client = anonClient();
  const { data, error } = await client.auth.verifyOtp({ type: url.searchParams.get('type') as 'invite' | 'magiclink', token_hash: url.searchParams.get('token_hash')! });
  if (error) throw error;
  return { client, session: data.session!, next: new URL(url.searchParams.get('next')!) };
}

const openInvitations = (email: string) =>
  withDb(async (db) => (
    await db.query(
      `select count(*)::int as n from public.org_invitations where org_id = $1 and email = $2 and accepted_at is null and revoked_at is null and expires_at > now()`,
      [org, email],
    )
  ).rows[0].n as number);

beforeAll(async () => {
  org = randomUUID();
  await withDb(async (db) => {
    await db.query(`insert into public.organizations (id, name) values ($1, 'Mail Invite Org')`, [org]);
    await db.query(`insert into public.call_logs (org_id, call_type, status, started_at, provider_call_id) values ($1, 'inbound', 'completed', now(), 'mail-invite-call')`, [org]);
  });
  adminToken = (await member(org, 'admin')).token;
  staffToken = (await member(org, 'staff')).token;
});

describe('a new address', () => {
  it('gets Supabase Auth’s invite mail; its link signs them in as that address on the invitation page; they accept and read the org’s calls', async () => {
    const email = `new-${randomUUID().slice(0, 8)}@example.test`;
    const res = await invite(adminToken, { email, role: 'staff', delivery: 'mail' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ delivery: 'mail', link: null, invitation: { email, role: 'staff' } });

    const mails = await mailsTo(email);
    expect(mails.map((m) => m.kind)).toEqual(['invite']);
    const { client, session, next } = await follow(mails[0].link);
    expect(next.pathname).toMatch(/^\/invite\/[A-Za-z0-9_-]+$/);
    expect(session.user.email).toBe(email);
    // The invitation page's accept: the signed-in address is the invited one.
    const invitationToken = next.pathname.split('/invite/')[1];
    const accepted = await accept(invitationToken, session.access_token);
    expect(accepted).toMatchObject({ status: 200, body: { role: 'staff', accountCreated: false } });

    const { data: refreshed } = await client.auth.refreshSession();
    const calls = await invokeRoute(listRoute.GET, { method: 'GET', path: '/api/calls-dashboard', token: refreshed.session!.access_token });
    expect(calls.status).toBe(200);
    expect(calls.body.calls).toHaveLength(1);
  });
});

describe('an address that already has an account', () => {
  it('gets a magic link (no second account); following it, that account accepts', async () => {
    const existing = await member(null, null);
    const res = await invite(adminToken, { email: existing.email, role: 'admin', delivery: 'mail' });
    expect(res).toMatchObject({ status: 200, body: { delivery: 'mail', link: null } });
    const mails = await mailsTo(existing.email);
    expect(mails.map((m) => m.kind)).toEqual(['magiclink']);
    const { session, next } = await follow(mails[0].link);
    expect(await accept(next.pathname.split('/invite/')[1], session.access_token)).toMatchObject({ status: 200, body: { role: 'admin' } });
    const count = await withDb(async (db) => (await db.query('select count(*)::int as n from auth.users where lower(email) = lower($1)', [existing.email])).rows[0].n);
    expect(count).toBe(1);
  });

  it('a mail that cannot be sent (the per-address interval) is a 429 and leaves no open invitation', async () => {
    const existing = await member(null, null);
    expect((await invite(adminToken, { email: existing.email, role: 'staff', delivery: 'mail' })).status).toBe(200);
    const again = await invite(adminToken, { email: existing.email, role: 'staff', delivery: 'mail' });
    expect(again.status).toBe(429);
    expect(again.body).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
    // The second invitation replaced the first and was revoked when its mail failed.
    expect(await openInvitations(existing.email)).toBe(0);
    expect(await mailsTo(existing.email)).toHaveLength(1);
  });
});

describe('who may accept and invite', () => {
  it('someone signed in as another address cannot accept the mailed invitation', async () => {
    const email = `target-${randomUUID().slice(0, 8)}@example.test`;
    await invite(adminToken, { email, role: 'staff', delivery: 'mail' });
    const [mail] = await mailsTo(email);
    const invitationToken = new URL(new URL(mail.link).searchParams.get('next')!).pathname.split('/invite/')[1];
    const other = await member(null, null);
    const res = await accept(invitationToken, other.token);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect(await openInvitations(email)).toBe(1);
  });

  it('staff cannot invite: 403, no mail', async () => {
    const email = `staff-try-${randomUUID().slice(0, 8)}@example.test`;
    const res = await invite(staffToken, { email, role: 'staff', delivery: 'mail' });
    expect(res.status).toBe(403);
    expect(await mailsTo(email)).toEqual([]);
  });

  it('an unknown delivery is a 400 and sends nothing', async () => {
    const email = `bad-${randomUUID().slice(0, 8)}@example.test`;
    const res = await invite(adminToken, { email, role: 'staff', delivery: 'carrier-pigeon' });
    expect(res.status).toBe(400);
    expect(await mailsTo(email)).toEqual([]);
    expect(await openInvitations(email)).toBe(0);
  });
});
