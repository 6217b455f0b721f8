// The analytics overview (issue 15) against the real stack: every field of GET /api/overview equals
// a plain SQL aggregation over call_logs written here (the oracle), across the DST changes of
// America/New_York, for each direction, from the rollups and from the calls (while the rollups are
// stale after a zone change), after updates, deletes and 20 concurrent webhook ingests; an org's
// overview never moves when another org gets calls; the time zone setting (admins only, IANA names
// only); bad input is a 400; a user's token at the Data API reads only its org's rollups and can
// neither write them nor rebuild them.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleAfterResponse } from '../../lib/api/after-response.ts';
import { callRoute } from '../helpers/api.ts';
import { clientWithToken, DEMO_PASSWORD, serviceClient, signIn, stackEnv } from '../helpers/clients.ts';

const NY = 'America/New_York';
const DIRECTIONS = ['all', 'inbound', 'outbound'] as const;
type Direction = (typeof DIRECTIONS)[number];

let db: pg.Client;

async function orgWithUsers(name: string) {
  const orgId = randomUUID();
  await db.query('insert into public.organizations (id, name) values ($1, $2)', [orgId, `${name} ${orgId.slice(0, 8)}`]);
  const tokens: Record<'admin' | 'staff', string> = { admin: '', staff: '' };
  for (const role of ['admin', 'staff'] as const) {
    const email = `overview-${role}-${orgId.slice(0, 8)}@example.test`;
    const created = await serviceClient().auth.admin.createUser({ email, password: DEMO_PASSWORD, email_confirm: true, app_metadata: { org_id: orgId, org_role: role } });
    if (created.error) throw created.error;
    tokens[role] = (await signIn(email)).session.access_token;
  }
  return { orgId, tokens };
}

// Deterministic calls: a small LCG, so a failure reproduces.
function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}
const pick = <T,>(r: () => number, xs: readonly T[]) => xs[Math.floor(r() * xs.length)];

/** Instants (UTC) whose local New York time matters: both 01:30s of the fall-back day, the spring-forward night, around midnight. */
const EDGES = [
  '2026-11-01T05:30:00Z', // 01:30 EDT, fall-back day (first time)
  '2026-11-01T06:30:00Z', // 01:30 EST, the same local hour again
  '2026-11-01T03:30:00Z', // 23:30 EDT on 31 October (UTC already says 1 November)
  '2026-11-01T04:30:00Z', // 00:30 EDT on 1 November
  '2026-11-02T04:30:00Z', // 23:30 EST on 1 November (UTC says 2 November)
  '2026-11-02T05:30:00Z', // 00:30 EST on 2 November
  '2026-03-08T06:30:00Z', // 01:30 EST, spring-forward day
  '2026-03-08T07:30:00Z', // 03:30 EDT, an hour later (02:xx does not exist)
  '2026-03-08T04:30:00Z', // 23:30 EST on 7 March
  '2026-03-08T05:30:00Z', // 00:30 EST on 8 March
];

async function insertCalls(orgId: string, n: number, seed: number, extra: string[] = []) {
  const r = rng(seed);
  const starts = [...extra];
  const t0 = Date.parse('2026-02-25T00:00:00Z');
  const t1 = Date.parse('2026-11-20T00:00:00Z');
  while (starts.length < n) starts.push(new Date(t0 + Math.floor(r() * (t1 - t0))).toISOString());
  const rows = starts.map((startedAt) => ({
    startedAt,
    type: pick(r, ['inbound', 'outbound']),
    status: pick(r, ['completed', 'completed', 'no_answer', 'busy', 'failed', 'voicemail', 'in_progress']),
    endedReason: pick(r, [null, 'customer-ended-call', 'assistant-ended-call', 'silence-timed-out']),
    evaluation: pick(r, [null, 'true', 'Pass', 'false', 'fail', '8']),
    sentiment: pick(r, [null, 'positive', 'neutral', 'negative']),
    agent: pick(r, [null, 'Ava', 'Max', 'Zoe']),
    seconds: Math.floor(r() * 900),
    cost: (Math.floor(r() * 20000) / 10000).toFixed(4),
  }));
  await db.query(
    `insert into public.call_logs (org_id, call_type, status, ended_reason, success_evaluation, sentiment, agent_name, started_at, duration_seconds, cost)
     select $1, x.type, x.status, x.ended_reason, x.evaluation, x.sentiment, x.agent, x.started_at, x.seconds, x.cost
     from jsonb_to_recordset($2::jsonb) as x (type text, status text, ended_reason text, evaluation text, sentiment text, agent text, started_at timestamptz, seconds int, cost numeric)`,
    [orgId, JSON.stringify(rows.map((c) => ({ ...c, ended_reason: c.endedReason, started_at: c.startedAt })))],
  );
}

/**
 * The oracle: the overview computed here by plain aggregation over call_logs (no rollups, no
 * function of the migration), in the JSON shape of the contract.
 */
async function oracle(orgId: string, zone: string, from: string, to: string, direction: Direction) {
  const params = [orgId, zone, from, to, direction];
  const base = `with c as (
      select call_type, status, ended_reason, sentiment, agent_name, succeeded, duration_seconds, cost, started_at at time zone $2 as ts
      from public.call_logs where org_id = $1 and ($5 = 'all' or call_type = $5)
    ), p as (select * from c where ts::date between $3::date and $4::date)`;
  const q = async (sql: string) => (await db.query(`${base} ${sql}`, params)).rows;
  const [totals] = await q(`select count(*)::int as calls, coalesce(sum(duration_seconds), 0)::int as seconds, round(coalesce(sum(cost), 0), 4)::text as cost,
      count(*) filter (where succeeded)::int as succeeded, count(*) filter (where not succeeded)::int as unsuccessful from p`);
  const days = await q(`select to_char(d, 'YYYY-MM-DD') as day, count(p.ts)::int as calls, coalesce(sum(p.duration_seconds), 0)::int as seconds,
      round(coalesce(sum(p.cost), 0), 4)::text as cost
    from generate_series($3::date::timestamp, $4::date::timestamp, interval '1 day') d left join p on p.ts::date = d::date group by d order by d`);
  const counted = (col: string) => q(`select ${col} as v, count(*)::int as calls from p group by 1 order by 2 desc, 1 nulls last`);
  const agents = await q(`select agent_name as agent, count(*)::int as calls, sum(duration_seconds)::int as seconds, round(sum(cost), 4)::text as cost,
      count(*) filter (where succeeded)::int as succeeded from p group by 1 order by 2 desc, 1 nulls last`);
  const hours = await q(`select extract(isodow from ts)::int as weekday, extract(hour from ts)::int as hour, count(*)::int as calls from p group by 1, 2 order by 1, 2`);
  return {
    timeZone: zone,
    from,
    to,
    direction,
    totals: { ...totals, cost: Number(totals.cost) },
    days: days.map((d) => ({ ...d, cost: Number(d.cost) })),
    statuses: (await counted('status')).map((r) => ({ status: r.v, calls: r.calls })),
    endedReasons: (await counted('ended_reason')).map((r) => ({ endedReason: r.v, calls: r.calls })),
    success: (await counted('succeeded')).map((r) => ({ succeeded: r.v, calls: r.calls })),
    sentiments: (await counted('sentiment')).map((r) => ({ sentiment: r.v, calls: r.calls })),
    agents: agents.map((a) => ({ ...a, cost: Number(a.cost) })),
    hours,
  };
}

async function overview(token: string, from: string, to: string, direction: Direction) {
  const res = await callRoute('overview', { token, query: new URLSearchParams({ from, to, direction }) });
  expect(res.status, res.text).toBe(200);
  return res.body.overview as Record<string, unknown> & { source: string };
}

/** Every field of the route's answer equals the oracle, for each direction; returns the sources seen. */
async function expectOracle(orgId: string, token: string, zone: string, from: string, to: string) {
  const sources = new Set<string>();
  for (const direction of DIRECTIONS) {
    const { source, ...rest } = await overview(token, from, to, direction);
    sources.add(source);
    expect(rest).toEqual(await oracle(orgId, zone, from, to, direction));
  }
  return [...sources];
}

const setZoneInDb = (orgId: string, zone: string) => db.query('update public.organizations set time_zone = $2 where id = $1', [orgId, zone]);
const rollupsZone = async (orgId: string) =>
  (await db.query('select rollups_time_zone as z from public.organizations where id = $1', [orgId])).rows[0].z as string;
async function rebuild(orgId: string, chunkCalls: number, between?: () => Promise<void>) {
  for (let i = 0; i < 10_000; i++) {
    const { data, error } = await serviceClient().rpc('rebuild_call_rollups', { p_org_id: orgId, p_chunk_calls: chunkCalls });
    if (error) throw error;
    if ((data as { ready: boolean }).ready) return i + 1;
    await between?.();
  }
  throw new Error('rebuild did not finish');
}

let A: Awaited<ReturnType<typeof orgWithUsers>>;
let B: Awaited<ReturnType<typeof orgWithUsers>>;

beforeAll(async () => {
  db = new pg.Client({ connectionString: stackEnv().dbUrl });
  await db.connect();
  A = await orgWithUsers('Overview');
  B = await orgWithUsers('Overview other');
  await insertCalls(A.orgId, 400, 7, EDGES);
  await insertCalls(B.orgId, 150, 8, EDGES);
}, 60_000);

afterAll(async () => {
  await db?.end();
});

describe('overview equals the SQL oracle', () => {
  it('in UTC from the rollups, for every direction, staff and admin alike', async () => {
    expect(await expectOracle(A.orgId, A.tokens.staff, 'UTC', '2026-02-20', '2026-11-30')).toEqual(['rollups']);
    const admin = await overview(A.tokens.admin, '2026-02-20', '2026-11-30', 'all');
    const staff = await overview(A.tokens.staff, '2026-02-20', '2026-11-30', 'all');
    expect(admin).toEqual(staff);
  });

  it('after a zone change: exact from the calls while stale, then from the rollups rebuilt in chunks while calls change', async () => {
    await setZoneInDb(A.orgId, NY);
    // Straight through the function (the route would start the rebuild after its answer).
    const client = clientWithToken(A.tokens.staff);
    for (const direction of DIRECTIONS) {
      const { data, error } = await client.rpc('call_overview', { p_from: '2026-02-20', p_to: '2026-11-30', p_direction: direction });
      expect(error).toBeNull();
      const { source, ...rest } = data as Record<string, unknown>;
      expect(source).toBe('calls');
      expect(rest).toEqual(await oracle(A.orgId, NY, '2026-02-20', '2026-11-30', direction));
    }
    // Tiny chunks (many steps), with inserts, updates and deletes landing between them.
    let k = 0;
    const steps = await rebuild(A.orgId, 25, async () => {
      k++;
      if (k % 3 === 0) await insertCalls(A.orgId, 3, 100 + k);
      if (k % 3 === 1) await db.query(`update public.call_logs set status = 'failed', cost = cost + 0.0101 where org_id = $1 and id = (select id from public.call_logs where org_id = $1 order by started_at limit 1 offset $2)`, [A.orgId, k]);
      if (k % 3 === 2) await db.query(`delete from public.call_logs where org_id = $1 and id = (select id from public.call_logs where org_id = $1 order by started_at desc limit 1 offset $2)`, [A.orgId, k]);
    });
    expect(steps).toBeGreaterThan(5);
    expect(await rollupsZone(A.orgId)).toBe(NY);
    expect(await expectOracle(A.orgId, A.tokens.admin, NY, '2026-02-20', '2026-11-30')).toEqual(['rollups']);
    // Only the new zone's rows are left.
    const zones = await db.query('select distinct time_zone from public.call_rollups where org_id = $1', [A.orgId]);
    expect(zones.rows).toEqual([{ time_zone: NY }]);
  });

  it('puts each call on its local day and hour across both DST changes', async () => {
    const fallBack = await overview(A.tokens.staff, '2026-10-31', '2026-11-02', 'all');
    const base = await oracle(A.orgId, NY, '2026-10-31', '2026-11-02', 'all');
    expect(fallBack.days).toEqual(base.days);
    // 01:30 happened twice on 1 November (a Sunday, ISO weekday 7): both calls are in hour 1.
    const sundayOne = (fallBack.hours as { weekday: number; hour: number; calls: number }[]).find((h) => h.weekday === 7 && h.hour === 1);
    expect(sundayOne?.calls).toBeGreaterThanOrEqual(2);
    // 23:30 EDT on 31 October counts on the 31st, not on UTC's 1 November.
    const utcDay = await db.query(
      `select count(*)::int as n from public.call_logs where org_id = $1 and (started_at at time zone 'America/New_York')::date = '2026-10-31'`,
      [A.orgId],
    );
    expect((fallBack.days as { day: string; calls: number }[])[0]).toMatchObject({ day: '2026-10-31', calls: utcDay.rows[0].n });
    const spring = await overview(A.tokens.staff, '2026-03-07', '2026-03-09', 'all');
    expect(spring).toMatchObject(await oracle(A.orgId, NY, '2026-03-07', '2026-03-09', 'all'));
    // No call can start at 02:xx local on 8 March (a Sunday): that hour does not exist there.
    expect((spring.hours as { weekday: number; hour: number }[]).some((h) => h.weekday === 7 && h.hour === 2)).toBe(false);
  });

  it('after updates through the ingest path and direct updates and deletes', async () => {
    const service = serviceClient();
    const first = {
      provider_call_id: `ov-${randomUUID()}`, call_type: 'inbound', status: 'in_progress', started_at: '2026-11-01T05:45:00Z',
      duration_seconds: 0, cost: 0, agent_name: 'Ava',
    };
    expect((await service.rpc('ingest_call_report', { p_org_id: A.orgId, p_webhook_id: `ov-${randomUUID()}`, p_call: first })).error).toBeNull();
    // The end-of-call report of the same call: fills what was missing, takes the larger cost and duration.
    const second = { ...first, ended_reason: 'customer-ended-call', duration_seconds: 321, cost: 0.4321, sentiment: 'positive', success_evaluation: 'Pass' };
    expect((await service.rpc('ingest_call_report', { p_org_id: A.orgId, p_webhook_id: `ov-${randomUUID()}`, p_call: second })).error).toBeNull();
    await db.query(`update public.call_logs set status = 'completed' where org_id = $1 and provider_call_id = $2`, [A.orgId, first.provider_call_id]);
    await db.query(`update public.call_logs set success_evaluation = 'fail', call_type = 'outbound', started_at = started_at - interval '3 days'
                    where org_id = $1 and id in (select id from public.call_logs where org_id = $1 order by id limit 5)`, [A.orgId]);
    await db.query(`delete from public.call_logs where org_id = $1 and id in (select id from public.call_logs where org_id = $1 order by id desc limit 7)`, [A.orgId]);
    expect(await expectOracle(A.orgId, A.tokens.staff, NY, '2026-02-20', '2026-11-30')).toEqual(['rollups']);
  });

  it('20 concurrent webhook ingests (new calls and second reports) lose nothing and deadlock nowhere', async () => {
    const service = serviceClient();
    const ids = Array.from({ length: 10 }, () => `ov-c-${randomUUID()}`);
    const report = (id: string, i: number, final: boolean) => ({
      provider_call_id: id, call_type: i % 2 ? 'inbound' : 'outbound', started_at: `2026-11-01T0${5 + (i % 3)}:${10 + i}:00Z`,
      status: final ? 'completed' : 'in_progress', agent_name: 'Zoe', duration_seconds: final ? 60 + i : 0, cost: final ? 0.1 + i / 1000 : 0,
      ...(final ? { ended_reason: 'assistant-ended-call', sentiment: 'neutral', success_evaluation: 'true' } : {}),
    });
    const results = await Promise.all([
      ...ids.map((id, i) => service.rpc('ingest_call_report', { p_org_id: A.orgId, p_webhook_id: `a-${id}`, p_call: report(id, i, false) })),
      ...ids.map((id, i) => service.rpc('ingest_call_report', { p_org_id: A.orgId, p_webhook_id: `b-${id}`, p_call: report(id, i, true) })),
    ]);
    for (const r of results) expect(r.error).toBeNull();
    expect(await expectOracle(A.orgId, A.tokens.admin, NY, '2026-10-01', '2026-11-30')).toEqual(['rollups']);
  });

  it('20 concurrent inserts and updates on separate connections, all on the same rollup rows', async () => {
    const pool = new pg.Pool({ connectionString: stackEnv().dbUrl, max: 20 });
    try {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          i % 2
            ? pool.query(`insert into public.call_logs (org_id, call_type, status, agent_name, started_at, duration_seconds, cost)
                          values ($1, 'inbound', 'completed', 'Ava', '2026-11-01T05:40:00Z', $2, 0.0007)`, [A.orgId, i])
            : pool.query(`update public.call_logs set cost = cost + 0.0001, duration_seconds = duration_seconds + 1
                          where org_id = $1 and id = (select id from public.call_logs where org_id = $1 order by id offset $2 limit 1)`, [A.orgId, i]),
        ),
      );
    } finally {
      await pool.end();
    }
    expect(await expectOracle(A.orgId, A.tokens.staff, NY, '2026-10-25', '2026-11-05')).toEqual(['rollups']);
  });

  it("an org's overview does not move when another org gets calls, and never shows them", async () => {
    const before = await overview(A.tokens.staff, '2026-02-20', '2026-11-30', 'all');
    await insertCalls(B.orgId, 60, 9, EDGES);
    await db.query(`update public.call_logs set cost = cost + 1 where org_id = $1`, [B.orgId]);
    expect(await overview(A.tokens.staff, '2026-02-20', '2026-11-30', 'all')).toEqual(before);
    const other = await overview(B.tokens.admin, '2026-02-20', '2026-11-30', 'all');
    const { source: _s, ...rest } = other;
    expect(rest).toEqual(await oracle(B.orgId, 'UTC', '2026-02-20', '2026-11-30', 'all'));
  });

  it('defaults to the 30 local days ending today in the org zone', async () => {
    const res = await callRoute('overview', { token: A.tokens.staff });
    expect(res.status).toBe(200);
    const today = (await db.query(`select to_char((now() at time zone $1)::date, 'YYYY-MM-DD') as d, to_char((now() at time zone $1)::date - 29, 'YYYY-MM-DD') as f`, [NY])).rows[0];
    expect(res.body.overview).toMatchObject({ timeZone: NY, from: today.f, to: today.d, direction: 'all' });
    expect(res.body.overview.days).toHaveLength(30);
  });
});

describe('the time zone setting', () => {
  it('any member reads it; staff cannot change it at the route or at the database; nothing changes', async () => {
    expect(await callRoute('time-zone', { token: A.tokens.staff })).toMatchObject({ status: 200, body: { timeZone: NY, rollupsReady: true } });
    const refused = await callRoute('time-zone', { token: A.tokens.staff, method: 'PUT', body: { timeZone: 'Europe/Berlin' } });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    const db403 = await clientWithToken(A.tokens.staff).rpc('set_org_time_zone', { p_time_zone: 'Europe/Berlin' });
    expect(db403.error).toMatchObject({ code: 'PT403', message: 'forbidden' });
    expect((await db.query('select time_zone from public.organizations where id = $1', [A.orgId])).rows[0].time_zone).toBe(NY);
  });

  it.each(['EST', 'UTC+3', 'US/Eastern', 'Etc/GMT+3', 'posix/Europe/Berlin', 'Europe/Atlantis', 'europe/berlin', 'GMT', ' ', 'x'.repeat(65)])(
    'refuses %j with a 400 and writes nothing',
    async (zone) => {
      const audits = async () => (await db.query(`select count(*)::int as n from public.org_audit_log where org_id = $1`, [A.orgId])).rows[0].n;
      const before = await audits();
      const res = await callRoute('time-zone', { token: A.tokens.admin, method: 'PUT', body: { timeZone: zone } });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: { code: 'invalid_request', message: expect.any(String) } });
      expect((await db.query('select time_zone from public.organizations where id = $1', [A.orgId])).rows[0].time_zone).toBe(NY);
      expect(await audits()).toBe(before);
    },
  );

  it('an admin changes it: audited, stale until the rebuild after the answer, exact throughout', async () => {
    const res = await callRoute('time-zone', { token: A.tokens.admin, method: 'PUT', body: { timeZone: 'Europe/Berlin' } });
    expect(res).toMatchObject({ status: 200, body: { timeZone: 'Europe/Berlin', rollupsReady: false } });
    const audit = await db.query(`select action, target, detail from public.org_audit_log where org_id = $1 and action = 'time_zone.changed'`, [A.orgId]);
    expect(audit.rows).toEqual([{ action: 'time_zone.changed', target: 'Europe/Berlin', detail: { from: NY, to: 'Europe/Berlin' } }]);
    // Whatever the rebuild has done so far, the answer is exact.
    const { source: _s, ...during } = await overview(A.tokens.staff, '2026-02-20', '2026-11-30', 'all');
    expect(during).toEqual(await oracle(A.orgId, 'Europe/Berlin', '2026-02-20', '2026-11-30', 'all'));
    await settleAfterResponse();
    expect(await callRoute('time-zone', { token: A.tokens.staff })).toMatchObject({ status: 200, body: { timeZone: 'Europe/Berlin', rollupsReady: true } });
    expect(await expectOracle(A.orgId, A.tokens.staff, 'Europe/Berlin', '2026-02-20', '2026-11-30')).toEqual(['rollups']);
  });
});

describe('the rebuild', () => {
  it('a second rebuild of the same org returns at once (busy) instead of queueing behind the first', async () => {
    const holder = new pg.Client({ connectionString: stackEnv().dbUrl });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query(`select pg_advisory_xact_lock(hashtextextended('call_rollups:' || $1, 0))`, [A.orgId]);
      // Were it to wait for the lock, this would hang: the lock is released only after it answers.
      const busy = await serviceClient().rpc('rebuild_call_rollups', { p_org_id: A.orgId });
      expect(busy).toMatchObject({ data: { ready: false, busy: true }, error: null });
      await holder.query('rollback');
      expect(await serviceClient().rpc('rebuild_call_rollups', { p_org_id: A.orgId })).toMatchObject({ data: { ready: true }, error: null });
    } finally {
      await holder.end();
    }
  });
});

describe('bad input', () => {
  it.each([
    ['from=2026-02-30&to=2026-03-01', 'from'],
    ['from=2026-1-01&to=2026-03-01', 'from'],
    ['from=2026-03-02&to=2026-03-01', 'after'],
    ['from=2025-01-01&to=2026-01-02', '366'],
    ['direction=sideways', 'direction'],
    ['from=2026-03-01&to=2026-03-02&org_id=x', 'org_id'],
    ['to=2020-01-01&from=2020-01-01&from=2020-01-02', 'from'],
    // to defaults to today: a future from alone is after it (the database's own check).
    ['from=2999-01-01', 'after'],
  ])('%s is a 400 naming the problem', async (query, word) => {
    const res = await callRoute('overview', { token: A.tokens.staff, query });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'invalid_request', message: expect.stringContaining(word) } });
  });

  it('the database refuses a bad period or direction itself (PT400), whoever calls it', async () => {
    const client = clientWithToken(A.tokens.staff);
    expect((await client.rpc('call_overview', { p_from: '2026-01-01', p_to: '2027-06-01', p_direction: 'all' })).error).toMatchObject({ code: 'PT400', message: 'invalid_overview' });
    expect((await client.rpc('call_overview', { p_from: '2026-01-02', p_to: '2026-01-01', p_direction: 'all' })).error).toMatchObject({ code: 'PT400', message: 'invalid_overview' });
    expect((await client.rpc('call_overview', { p_direction: 'both' })).error).toMatchObject({ code: 'PT400', message: 'invalid_overview' });
  });
});

describe('the Data API with a user token', () => {
  it('reads only its own org rollups, writes none, and cannot rebuild', async () => {
    for (const token of [A.tokens.staff, A.tokens.admin]) {
      const client = clientWithToken(token);
      const rows = await client.from('call_rollups').select('org_id').in('org_id', [A.orgId, B.orgId]);
      expect(rows.error).toBeNull();
      expect(new Set((rows.data ?? []).map((r) => r.org_id))).toEqual(new Set([A.orgId]));
      const ins = await client.from('call_rollups').insert({ org_id: A.orgId, time_zone: 'UTC', local_day: '2026-01-01', direction: 'inbound', dimension: 'total', calls: 1000 });
      const upd = await client.from('call_rollups').update({ calls: 1000 }).eq('org_id', A.orgId);
      const del = await client.from('call_rollups').delete().eq('org_id', A.orgId);
      for (const r of [ins, upd, del]) expect(r.error).toMatchObject({ code: '42501' });
      const rebuilt = await client.rpc('rebuild_call_rollups', { p_org_id: A.orgId });
      expect(rebuilt.error).toMatchObject({ code: '42501' });
      const foreign = await client.rpc('call_rollup_rows', { p_org_id: B.orgId, p_zone: 'UTC', p_from: '2026-01-01', p_to: '2026-12-31' });
      expect(foreign).toMatchObject({ data: [], error: null });
    }
    expect(await expectOracle(A.orgId, A.tokens.staff, 'Europe/Berlin', '2026-02-20', '2026-11-30')).toEqual(['rollups']);
  });

  it('a signed-out session gets 401 from the overview route', async () => {
    const email = `overview-out-${randomUUID().slice(0, 8)}@example.test`;
    const created = await serviceClient().auth.admin.createUser({ email, password: DEMO_PASSWORD, email_confirm: true, app_metadata: { org_id: A.orgId, org_role: 'staff' } });
    if (created.error) throw created.error;
    const { client, session } = await signIn(email);
    expect((await callRoute('overview', { token: session.access_token })).status).toBe(200);
    await client.auth.signOut({ scope: 'global' });
    expect((await callRoute('overview', { token: session.access_token })).status).toBe(401);
  });
});
