// The list, detail and count queries at the SQL layer, spelled the way PostgREST runs them for
// lib/data/calls.ts (same WHERE, ORDER BY and LIMIT; the keyset is the `.or()` form plus the plain
// bound on the sort column). Values are inlined as escaped literals.
import { escapeLiteral } from 'pg';
import { LIST_COLUMNS } from '../lib/data/calls.ts';

export { LIST_COLUMNS };

/** The app's default page: 25 rows, fetched as 26 to know whether there is a next page. */
export const PAGE = 25;
export const FETCH = PAGE + 1;

export interface KeysetPoint {
  /** started_at of the last row of the previous page, as the cursor carries it (ISO, UTC). */
  v: string;
  id: string;
}

const lit = (v: string) => escapeLiteral(v);
const orgEq = (org: string) => `org_id = ${lit(org)}`;

export const sql = {
  page1: (org: string | null) =>
    `select ${LIST_COLUMNS} from public.call_logs ${org ? `where ${orgEq(org)}` : ''} order by started_at desc, id desc limit ${FETCH}`,
  keyset: (org: string, c: KeysetPoint, withBound = true) =>
    `select ${LIST_COLUMNS} from public.call_logs where ${orgEq(org)}
       and (started_at < ${lit(c.v)} or (started_at = ${lit(c.v)} and id < ${lit(c.id)}))
       ${withBound ? `and started_at <= ${lit(c.v)}` : ''}
     order by started_at desc, id desc limit ${FETCH}`,
  page1ByDuration: (org: string) =>
    `select ${LIST_COLUMNS} from public.call_logs where ${orgEq(org)} order by duration_seconds desc, id desc limit ${FETCH}`,
  /** sort=duration: many calls share a duration, so the .or() filter must skip the ties. */
  keysetByDuration: (org: string, c: KeysetPoint) =>
    `select ${LIST_COLUMNS} from public.call_logs where ${orgEq(org)}
       and (duration_seconds < ${Number(c.v)} or (duration_seconds = ${Number(c.v)} and id < ${lit(c.id)}))
       and duration_seconds <= ${Number(c.v)}
     order by duration_seconds desc, id desc limit ${FETCH}`,
  offset: (org: string, depth: number) =>
    `select ${LIST_COLUMNS} from public.call_logs where ${orgEq(org)} order by started_at desc, id desc limit ${FETCH} offset ${depth}`,
  // Detail is open_call(): the row, its lead, campaign and pipeline state, and the ledger insert.
  detail: (_org: string, id: string) => `select public.open_call(${lit(id)})`,
  countExact: (org: string | null) => `select count(*) from public.call_logs ${org ? `where ${orgEq(org)}` : ''}`,
  /** PostgREST's count=estimated: count at most db-max-rows + 1 rows, then EXPLAIN if over. */
  countCapped: (org: string, cap = 1001) => `select count(*) from (select 1 from public.call_logs where ${orgEq(org)} limit ${cap}) t`,
  countPlannedSource: (org: string | null) => `select 1 from public.call_logs ${org ? `where ${orgEq(org)}` : ''}`,
};

/**
 * The statement PostgREST 12 actually executes for a read (copied from pg_stat_statements): the
 * query as a CTE, the body built with json_agg, and for count=estimated a second CTE counting at
 * most db-max-rows + 1 rows.
 */
export function postgrestShape(selectQuery: string, countSource?: string): string {
  const count = countSource ? `, pgrst_source_count as (${countSource} limit 1001)` : '';
  return `with pgrst_source as (${selectQuery})${count}
    select ${countSource ? '(select pg_catalog.count(*) from pgrst_source_count)' : 'null::bigint'} as total_result_set,
      pg_catalog.count(_postgrest_t) as page_total, coalesce(json_agg(_postgrest_t), '[]') as body,
      nullif(current_setting('response.headers', true), '') as response_headers,
      nullif(current_setting('response.status', true), '') as response_status, '' as response_inserted
    from (select * from pgrst_source) _postgrest_t`;
}
