// The load run's checker (bench/load/checker.ts) must catch what it exists for. Real responses of
// the route handlers pass it; the same responses with one row of another org injected — through the
// run's own test-only path, Recorder.tamper — fail it, and so do a row carrying detail fields, a 401
// and an undeclared 5xx. Ids the run has not seen are looked up in the database at the end
// (verifyUnresolved), and a foreign one fails there too.
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkResponse, type Actor, type Observation } from '../../bench/load/checker.ts';
import { verifyUnresolved } from '../../bench/load/verify.ts';
import { OutageClock, Recorder } from '../../bench/load/workload.ts';
import { ORGS } from '../../supabase/local/seed/demo-constants.ts';
import { callRoute } from '../helpers/api.ts';
import { signIn, stackEnv } from '../helpers/clients.ts';

const acmeAdmin: Actor = { email: 'admin@acme.test', orgId: ORGS.acme.id, role: 'admin', suspended: false };
const acmeStaff: Actor = { email: 'staff@acme.test', orgId: ORGS.acme.id, role: 'staff', suspended: false };

let tokens: Record<'acmeAdmin' | 'acmeStaff' | 'globexAdmin', string>;
const orgOf = new Map<string, string>();

beforeAll(async () => {
  const [a, s, g] = await Promise.all([signIn('admin@acme.test'), signIn('staff@acme.test'), signIn('admin@globex.test')]);
  tokens = { acmeAdmin: a.session.access_token, acmeStaff: s.session.access_token, globexAdmin: g.session.access_token };
  const db = new pg.Client({ connectionString: stackEnv().dbUrl });
  await db.connect();
  for (const r of (await db.query<{ id: string; org_id: string }>('select id::text, org_id::text from public.call_logs')).rows) orgOf.set(r.id, r.org_id);
  await db.end();
});

const observe = (actor: Actor, endpoint: Observation['endpoint'], res: { status: number; body: unknown }, extra: Partial<Observation> = {}): Observation => ({
  endpoint,
  actor,
  status: res.status,
  headers: new Headers(),
  body: res.body,
  outage: false,
  ...extra,
});

describe('load checker', () => {
  it('passes real responses of the caller’s own org and role', async () => {
    const list = await callRoute('list', { token: tokens.acmeAdmin, query: 'limit=25' });
    expect(list.status).toBe(200);
    expect(list.body.calls.length).toBe(25);
    const detail = await callRoute('detail', { token: tokens.acmeAdmin, callId: list.body.calls[0].id });
    const staffDetail = await callRoute('detail', { token: tokens.acmeStaff, callId: list.body.calls[0].id });
    const me = await callRoute('me', { token: tokens.acmeStaff });
    const results = [
      checkResponse(observe(acmeAdmin, 'list', list), (id) => orgOf.get(id)),
      checkResponse(observe(acmeAdmin, 'detail', detail, { callId: list.body.calls[0].id }), (id) => orgOf.get(id)),
      checkResponse(observe(acmeStaff, 'detail', staffDetail, { callId: list.body.calls[0].id }), (id) => orgOf.get(id)),
      checkResponse(observe(acmeStaff, 'me', me), (id) => orgOf.get(id)),
    ];
    expect(results.flatMap((r) => r.violations)).toEqual([]);
    expect(results.flatMap((r) => r.unresolved)).toEqual([]);
  });

  it('catches one foreign row injected into a list response through the run’s test-only path', async () => {
    const foreign = (await callRoute('list', { token: tokens.globexAdmin, query: 'limit=1' })).body.calls[0];
    expect(orgOf.get(foreign.id)).toBe(ORGS.globex.id);
    const outages = new OutageClock(5_000);
    const clean = new Recorder((id) => orgOf.get(id), outages);
    const leaky = new Recorder((id) => orgOf.get(id), outages);
    leaky.tamper = (o) => {
      if (o.endpoint === 'list') (o.body as { calls: unknown[] }).calls.splice(7, 0, foreign);
    };
    for (const recorder of [clean, leaky]) {
      const list = await callRoute('list', { token: tokens.acmeStaff, query: 'limit=25' });
      recorder.check(observe(acmeStaff, 'list', list));
    }
    expect(clean.violationCount).toBe(0);
    expect(leaky.violationCount).toBe(1);
    expect(leaky.violations[0]).toBe(`list as staff@acme.test: list row ${foreign.id} belongs to org ${ORGS.globex.id}, not ${ORGS.acme.id}`);
  });

  it('a foreign id the run had not seen yet fails the end-of-run lookup', async () => {
    const foreign = (await callRoute('list', { token: tokens.globexAdmin, query: 'limit=1' })).body.calls[0];
    const list = await callRoute('list', { token: tokens.acmeAdmin, query: 'limit=3' });
    list.body.calls.push(foreign);
    const r = checkResponse(observe(acmeAdmin, 'list', list), () => undefined); // nothing known yet
    expect(r.violations).toEqual([]);
    expect(r.unresolved).toHaveLength(4);
    const db = new pg.Client({ connectionString: stackEnv().dbUrl });
    await db.connect();
    try {
      const verdict = await verifyUnresolved(db, r.unresolved);
      expect(verdict.ok).toBe(false);
      expect(verdict.detail).toBe(`list: ${foreign.id} is ${ORGS.globex.id}, caller ${ORGS.acme.id}`);
      expect((await verifyUnresolved(db, r.unresolved.slice(0, 3))).ok).toBe(true);
    } finally {
      await db.end();
    }
  });

  it('catches a detail field in a staff list row, a 401, and a 5xx that is not a declared 503', async () => {
    const list = await callRoute('list', { token: tokens.acmeStaff, query: 'limit=2' });
    list.body.calls[1].transcript = [];
    expect(checkResponse(observe(acmeStaff, 'list', list), (id) => orgOf.get(id)).violations).toEqual([`list as staff@acme.test: list row ${list.body.calls[1].id} carries transcript`]);

    const expired = { status: 401, body: { error: { code: 'session_expired', message: 'x' } } };
    expect(checkResponse(observe(acmeStaff, 'me', expired, { outage: true }), () => undefined).violations).toHaveLength(1);

    const declared = { status: 503, body: { error: { code: 'service_unavailable', message: 'Please try again.' } } };
    const retryAfter = new Headers({ 'retry-after': '2' });
    expect(checkResponse(observe(acmeStaff, 'me', declared, { outage: true, headers: retryAfter }), () => undefined).violations).toEqual([]);
    expect(checkResponse(observe(acmeStaff, 'me', declared, { outage: false, headers: retryAfter }), () => undefined).violations).toHaveLength(1);
    expect(checkResponse(observe(acmeStaff, 'me', declared, { outage: true }), () => undefined).violations).toHaveLength(1);
    const internal = { status: 500, body: { error: { code: 'internal_error', message: 'x' } } };
    expect(checkResponse(observe(acmeStaff, 'list', internal, { outage: true, headers: retryAfter }), () => undefined).violations).toHaveLength(1);
  });
});
