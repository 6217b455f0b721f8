// SQL layer: EXPLAIN (ANALYZE) of the app's queries, run the way PostgREST runs them: logged in as
// `authenticator`, switched to `authenticated` (or `service_role`) with request.jwt.claims set for
// the transaction. Never as the owner or a superuser, which would skip RLS. The time recorded is
// the server's planning + execution time (timing off: no per-node instrumentation overhead).
import pg from 'pg';
import type { ProbeOrg } from './generate.ts';
import { postgrestShape, sql, type KeysetPoint } from './queries.ts';
import { interleaved, summarize, type Arm, type Summary } from './stats.ts';

export interface Probe extends ProbeOrg {
  userId: string;
  token: string;
  /** Keyset cursors (last row of the previous page) at each depth the org is deep enough for. */
  cursors: Record<number, KeysetPoint>;
  /** The same for sort=duration (v = duration_seconds), at depth 100k only. */
  durationCursor100k?: KeysetPoint;
  /** A call of this org, for the detail query. */
  callId: string;
  /** The overview's 90 local days ending on the org's last call day (its zone). */
  overview: { from: string; to: string };
}

/** The overview as the route asks for it: one call of call_overview() (issue 15). */
export const overviewSql = (p: Probe) => `select public.call_overview('${p.overview.from}'::date, '${p.overview.to}'::date, 'all')`;

export const DEPTHS = [1_000, 10_000, 100_000];

export interface PlanInfo {
  shape: string;
  sharedHit: number;
  sharedRead: number;
  planRows?: number;
}

export interface SqlResults {
  perOrg: Record<string, Record<string, Summary>>;
  plans: Record<string, Record<string, PlanInfo>>;
  plannedVsExact: Record<string, { planned: number; exact: number; errorPct: number; plannedRlsOnly: number; plannedDefaultStatistics?: number }>;
  controls?: Record<string, { description: string; results: ControlResult }>;
}

type Role = 'authenticated' | 'service_role';

interface PlanJson {
  Plan: PlanNode;
  'Planning Time': number;
  'Execution Time'?: number;
}
interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Plan Rows': number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

function claimsFor(p: Probe, role: Role) {
  return JSON.stringify({ role, sub: p.userId, aud: 'authenticated', app_metadata: { org_id: p.id, org_role: 'admin' } });
}

function shapeOf(node: PlanNode): string {
  const here = `${node['Node Type']}${node['Index Name'] ? ` (${node['Index Name']})` : node['Relation Name'] ? ` (${node['Relation Name']})` : ''}`;
  const kids = (node.Plans ?? []).map(shapeOf);
  return kids.length ? `${here} > ${kids.join(' + ')}` : here;
}

export class SqlSession {
  constructor(private client: pg.Client) {}

  static async connect(url: string): Promise<SqlSession> {
    const client = new pg.Client({ connectionString: url, application_name: 'bench-sql' });
    await client.connect();
    return new SqlSession(client);
  }

  async end() {
    await this.client.end();
  }

  /** One EXPLAIN in its own transaction as `role` with the probe's claims. */
  async explain(p: Probe, role: Role, query: string, analyze = true): Promise<PlanJson> {
    const opts = analyze ? 'analyze, buffers, timing off, format json' : 'format json, summary on';
    const results = (await this.client.query(
      `begin; select set_config('role', ${pg.escapeLiteral(role)}, true), set_config('request.jwt.claims', ${pg.escapeLiteral(claimsFor(p, role))}, true);
       explain (${opts}) ${query}; commit;`,
    )) as unknown as pg.QueryResult[];
    return (results[2].rows[0]['QUERY PLAN'] as PlanJson[])[0];
  }

  async query<T extends pg.QueryResultRow>(p: Probe, role: Role, query: string): Promise<T[]> {
    const results = (await this.client.query(
      `begin; select set_config('role', ${pg.escapeLiteral(role)}, true), set_config('request.jwt.claims', ${pg.escapeLiteral(claimsFor(p, role))}, true);
       ${query}; commit;`,
    )) as unknown as pg.QueryResult<T>[];
    return results[2].rows;
  }
}

export async function measureSql(
  session: SqlSession,
  probes: Probe[],
  opts: { warmup: number; reps: number },
  log: (line: string) => void,
): Promise<SqlResults> {
  const out: SqlResults = { perOrg: {}, plans: {}, plannedVsExact: {} };
  for (const p of probes) {
    const plans: Record<string, PlanInfo> = {};
    const arm = (name: string, role: Role, query: string): Arm => async () => {
      const j = await session.explain(p, role, query);
      plans[name] = {
        shape: shapeOf(j.Plan),
        sharedHit: j.Plan['Shared Hit Blocks'] ?? 0,
        sharedRead: j.Plan['Shared Read Blocks'] ?? 0,
      };
      return j['Planning Time'] + (j['Execution Time'] ?? 0);
    };
    const plannedArm = (name: string, query: string): Arm => async () => {
      const j = await session.explain(p, 'authenticated', query, false);
      plans[name] = { shape: shapeOf(j.Plan), sharedHit: 0, sharedRead: 0, planRows: j.Plan['Plan Rows'] };
      return j['Planning Time'];
    };
    // count=estimated as PostgREST does it: the capped count, plus the EXPLAIN when the cap is hit.
    const capped = arm('count_capped_1001', 'authenticated', sql.countCapped(p.id));
    const planned = plannedArm('count_planned', sql.countPlannedSource(p.id));
    const arms: Record<string, Arm> = {
      page1_rls_eq: arm('page1_rls_eq', 'authenticated', sql.page1(p.id)),
      page1_service_eq: arm('page1_service_eq', 'service_role', sql.page1(p.id)),
      page1_rls_only: arm('page1_rls_only', 'authenticated', sql.page1(null)),
      detail: arm('detail', 'authenticated', sql.detail(p.id, p.callId)),
      count_exact_rls_eq: arm('count_exact_rls_eq', 'authenticated', sql.countExact(p.id)),
      count_exact_service_eq: arm('count_exact_service_eq', 'service_role', sql.countExact(p.id)),
      count_exact_rls_only: arm('count_exact_rls_only', 'authenticated', sql.countExact(null)),
      count_planned: planned,
      count_estimated: async () => (await capped()) + (p.rows > 1000 ? await planned() : 0),
      // The same reads in the statement shape PostgREST executes (json_agg body, count CTE).
      pgrst_page1_rls_eq: arm('pgrst_page1_rls_eq', 'authenticated', postgrestShape(sql.page1(p.id))),
      pgrst_page1_service_eq: arm('pgrst_page1_service_eq', 'service_role', postgrestShape(sql.page1(p.id))),
      pgrst_page1_rls_only: arm('pgrst_page1_rls_only', 'authenticated', postgrestShape(sql.page1(null))),
      // The whole analytics overview of 90 days (rollups), as one RPC would run it.
      overview_90d: arm('overview_90d', 'authenticated', overviewSql(p)),
      pgrst_page1_estimated: async () =>
        (await arm('pgrst_page1_estimated', 'authenticated', postgrestShape(sql.page1(p.id), sql.countPlannedSource(p.id)))()) +
        (p.rows > 1000 ? await planned() : 0),
    };
    for (const d of DEPTHS) {
      const c = p.cursors[d];
      if (!c) continue;
      arms[`keyset_${d}`] = arm(`keyset_${d}`, 'authenticated', sql.keyset(p.id, c));
      arms[`keyset_or_only_${d}`] = arm(`keyset_or_only_${d}`, 'authenticated', sql.keyset(p.id, c, false));
      arms[`offset_${d}`] = arm(`offset_${d}`, 'authenticated', sql.offset(p.id, d));
    }
    if (p.durationCursor100k) {
      arms.duration_page1 = arm('duration_page1', 'authenticated', sql.page1ByDuration(p.id));
      arms.duration_keyset_100000 = arm('duration_keyset_100000', 'authenticated', sql.keysetByDuration(p.id, p.durationCursor100k));
    }
    if (p.cursors[100_000]) {
      arms.pgrst_keyset_100000 = arm('pgrst_keyset_100000', 'authenticated', postgrestShape(sql.keyset(p.id, p.cursors[100_000])));
    }
    // Arms whose cost grows with the org or the depth get fewer rounds; the cheap ones (where a
    // ratio of two ~0.3 ms statements is at stake) get three times as many, for a stable p50.
    const slow = (name: string) => /^(count_exact|offset_|keyset_or_only_)/.test(name);
    const pick = (want: boolean) => Object.fromEntries(Object.entries(arms).filter(([k]) => slow(k) === want));
    const t0 = performance.now();
    out.perOrg[p.label] = {
      ...(await interleaved(pick(false), { warmup: opts.warmup, reps: opts.reps * 3 })),
      ...(await interleaved(pick(true), { warmup: 1, reps: opts.reps })),
    };
    out.plans[p.label] = plans;
    log(`  sql ${p.label} (${p.rows.toLocaleString('en-US')} rows): ${Math.round(performance.now() - t0)} ms`);

    const exact = Number((await session.query<{ count: string }>(p, 'authenticated', sql.countExact(p.id)))[0].count);
    const plannedRows = (await session.explain(p, 'authenticated', sql.countPlannedSource(p.id), false)).Plan['Plan Rows'];
    const plannedRlsOnly = (await session.explain(p, 'authenticated', sql.countPlannedSource(null), false)).Plan['Plan Rows'];
    out.plannedVsExact[p.label] = {
      planned: plannedRows,
      exact,
      errorPct: Math.round(((plannedRows - exact) / exact) * 1000) / 10,
      plannedRlsOnly,
    };
  }
  return out;
}

export type ControlResult = Record<string, Summary | { timedOut: true; timeoutMs: number }>;

/** Policy variants swapped in for the controls; each lives only inside a rolled-back transaction. */
const CONTROLS: Record<string, { ddl: string; description: string }> = {
  volatile_unwrapped: {
    description: 'policy function plpgsql VOLATILE, not wrapped in (select …): evaluated per row',
    ddl: `create function bench.volatile_org_id() returns uuid language plpgsql volatile security definer set search_path = '' as $$
            begin
              return (select o.id from public.organizations o where o.status = 'active'
                and o.id = ((auth.jwt() -> 'app_metadata' ->> 'org_id'))::uuid);
            end $$;
          grant usage on schema bench to authenticated;
          grant execute on function bench.volatile_org_id() to authenticated;
          drop policy call_logs_select_member on public.call_logs;
          create policy call_logs_select_member on public.call_logs for select to authenticated using (org_id = bench.volatile_org_id())`,
  },
  sql_function_before: {
    description: 'auth_org_id() as the LANGUAGE sql function of 20261126000100 (before 20261126002110)',
    ddl: `create or replace function public.auth_org_id() returns uuid language sql stable security definer set search_path = '' as $$
            select o.id from public.organizations o where o.status = 'active' and o.id = (
              select case when (auth.jwt() -> 'app_metadata' ->> 'org_id') ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                then (auth.jwt() -> 'app_metadata' ->> 'org_id')::uuid end)
          $$`,
  },
  constant_floor: {
    description: 'policy org_id = (select <the org id as a constant>): the floor of any RLS policy',
    ddl: `drop policy call_logs_select_member on public.call_logs;
          create policy call_logs_select_member on public.call_logs for select to authenticated using (org_id = (select '{ORG}'::uuid))`,
  },
};

/**
 * Controls, each created and measured inside one transaction that is rolled back (the schema is
 * never changed): the VOLATILE unwrapped policy function, the previous LANGUAGE sql auth_org_id(),
 * and a constant policy (what any RLS policy costs at least). Needs the superuser connection for
 * the DDL, then switches to `authenticated` / `service_role` for the measured statements.
 */
export async function measurePolicyControls(superUrl: string, p: Probe, opts: { reps: number; slowReps: number; timeoutMs: number }) {
  const client = new pg.Client({ connectionString: superUrl, application_name: 'bench-controls' });
  await client.connect();
  const out: Record<string, { description: string; results: ControlResult }> = {};
  const explainAs = async (role: Role, query: string) => {
    await client.query(`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true), set_config('statement_timeout', $3, true)`, [
      role,
      claimsFor(p, role),
      String(opts.timeoutMs),
    ]);
    const res = await client.query(`explain (analyze, timing off, format json) ${query}`);
    await client.query(`select set_config('role', 'none', true), set_config('statement_timeout', '0', true)`);
    const j = (res.rows[0]['QUERY PLAN'] as PlanJson[])[0];
    return j['Planning Time'] + (j['Execution Time'] ?? 0);
  };
  try {
    for (const [name, control] of Object.entries(CONTROLS)) {
      const results: ControlResult = {};
      const slow = name === 'volatile_unwrapped';
      const cases: Record<string, [Role, string]> = {
        page1_service_eq: ['service_role', sql.page1(p.id)],
        page1_rls_eq: ['authenticated', sql.page1(p.id)],
        pgrst_page1_service_eq: ['service_role', postgrestShape(sql.page1(p.id))],
        pgrst_page1_rls_eq: ['authenticated', postgrestShape(sql.page1(p.id))],
      };
      const slowCases: Record<string, [Role, string]> = slow
        ? { page1_rls_only: ['authenticated', sql.page1(null)], count_exact_rls_eq: ['authenticated', sql.countExact(p.id)] }
        : {};
      await client.query('begin');
      try {
        await client.query(control.ddl.replace('{ORG}', p.id));
        const samples: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
        for (let r = 0; r < opts.reps + 3; r++) {
          for (const [k, [role, q]] of Object.entries(cases)) {
            const ms = await explainAs(role, q);
            if (r >= 3) samples[k].push(ms);
          }
        }
        for (const [k, v] of Object.entries(samples)) results[k] = summarize(v);
        for (const [k, [role, q]] of Object.entries(slowCases)) {
          const v: number[] = [];
          for (let r = 0; r < opts.slowReps; r++) {
            await client.query('savepoint s');
            try {
              v.push(await explainAs(role, q));
              await client.query('release savepoint s');
            } catch (error) {
              if ((error as { code?: string }).code !== '57014') throw error;
              await client.query('rollback to savepoint s');
              results[k] = { timedOut: true, timeoutMs: opts.timeoutMs };
              break;
            }
          }
          if (!results[k]) results[k] = summarize(v);
        }
      } finally {
        await client.query('rollback');
      }
      out[name] = { description: control.description, results };
    }
  } finally {
    await client.end();
  }
  return out;
}

/**
 * Before/after for supabase/migrations/20261126002120: the planner's row estimate for each probe
 * org with the default statistics target on call_logs.org_id, inside a rolled-back transaction
 * (ALTER + ANALYZE are transactional), as `authenticated` with the probe's claims.
 */
export async function plannedAtDefaultStatistics(superUrl: string, probes: Probe[]): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: superUrl, application_name: 'bench-stats' });
  await client.connect();
  const out: Record<string, number> = {};
  try {
    await client.query('begin');
    await client.query('alter table public.call_logs alter column org_id set statistics -1');
    await client.query('analyze public.call_logs (org_id)');
    for (const p of probes) {
      await client.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [claimsFor(p, 'authenticated')]);
      const res = await client.query(`explain (format json) ${sql.countPlannedSource(p.id)}`);
      out[p.label] = (res.rows[0]['QUERY PLAN'] as PlanJson[])[0].Plan['Plan Rows'];
      await client.query(`select set_config('role', 'none', true)`);
    }
  } finally {
    await client.query('rollback');
    await client.end();
  }
  return out;
}
