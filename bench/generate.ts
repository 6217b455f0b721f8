// Bench dataset: call_logs rows with Zipf-skewed org sizes, inserted in time order with orgs
// interleaved (row i is the i-th call platform-wide; its org is a Zipf draw), generated entirely in
// SQL (generate_series), then `vacuum analyze`. Runs as the superuser on the bench's own cluster.
//
// Bulk path: the table's indexes and unique constraints are dropped first and rebuilt after the
// load (CREATE INDEX sorts once instead of maintaining 14 indexes row by row), FK triggers are
// skipped (session_replication_role = replica; the rows are valid by construction). A small side
// experiment measures what the live path would cost: the generated columns alone, and inserts into
// the full-size table with every index and trigger live (rolled back).
import pg from 'pg';
import { round } from './stats.ts';

export interface DatasetSpec {
  name: string;
  rows: number;
  orgs: number;
  zipfS: number;
  days: number;
  seed: number;
  /** One failed recording upload per this many calls (the retry job's table). */
  failedEvery: number;
}

export const DATASETS: Record<string, DatasetSpec> = {
  // XS is for developing the bench itself; S is the default; M is the issue's target dataset.
  XS: { name: 'XS', rows: 100_000, orgs: 50, zipfS: 1, days: 365, seed: 0.42, failedEvery: 1000 },
  S: { name: 'S', rows: 1_000_000, orgs: 200, zipfS: 1, days: 730, seed: 0.42, failedEvery: 1000 },
  M: { name: 'M', rows: 10_000_000, orgs: 2_000, zipfS: 1, days: 730, seed: 0.42, failedEvery: 1000 },
};

export interface ProbeOrg {
  label: 'top' | 'p90' | 'median' | 'tail';
  id: string;
  rank: number;
  rows: number;
  inbound: number;
}

export interface GenerationStats {
  rows: number;
  orgs: number;
  failedUploads: number;
  insertSeconds: number;
  insertRowsPerSecond: number;
  constraintSeconds: number;
  indexSeconds: Record<string, number>;
  vacuumAnalyzeSeconds: number;
  /** The overview's rollups, built set-based after the load (absent in datasets made before them). */
  rollupSeconds?: number;
  rollupRows?: number;
  totalSeconds: number;
  rowsPerSecondOverall: number;
  tableBytes: number;
  indexBytes: number;
  /** Side experiment, rows/s for the same generator: see measureLoadPaths. */
  loadPaths?: Record<string, number>;
  orgSizes: { largest: number; smallest: number; median: number; topShare: number };
}

export interface Dataset {
  spec: DatasetSpec;
  stats: GenerationStats;
  probes: ProbeOrg[];
  generatedAt: string;
}

export const BENCH_TIME_ZONE = 'America/New_York';
export const orgIdSql = (rank: string) => `md5('bench-org-' || ${rank})::uuid`;

const LISTS = {
  first: ['Ava', 'Liam', 'Mia', 'Noah', 'Zoe', 'Ethan', 'Lena', 'Omar', 'Iris', 'Hugo', 'Nina', 'Raj', 'Sofia', 'Tom', 'Yara', 'Ben'],
  last: ['Park', 'Silva', 'Novak', 'Khan', 'Moreau', 'Berg', 'Costa', 'Dubois', 'Ito', 'Jensen', 'Lopez', 'Meyer', 'Okafor', 'Rossi', 'Smith', 'Weber'],
  agents: ['Riley (AI)', 'Jordan (AI)', 'Casey (AI)', 'Morgan (AI)', 'Avery (AI)', 'Quinn (AI)'],
  summaries: [
    'Customer asked about pricing for the premium plan; agent sent a quote by email.',
    'Booked a cleaning appointment for next Tuesday morning.',
    'Caller wanted to reschedule an existing booking to Friday.',
    'Lead qualified: budget confirmed, follow-up call scheduled with sales.',
    'Customer reported a billing issue; ticket opened for the finance team.',
    'Outbound reminder about an upcoming appointment; customer confirmed.',
    'Caller asked for opening hours and directions to the downtown office.',
    'Customer cancelled the subscription and asked for a refund.',
    'Survey completed: customer satisfied with the last visit.',
    'Left a message about the renewal offer; customer will call back.',
  ],
  greetings: [
    'Hello, thanks for calling, how can I help you today?',
    'Hi, this is your assistant calling about your appointment.',
    'Good morning, I am calling about the offer we discussed.',
    'Hi there, you have reached the booking line.',
    'Hello, I am following up on your recent request.',
    'Thanks for taking my call, do you have a minute?',
  ],
  replies: [
    'I would like to book a cleaning for next week.',
    'Can you tell me how much the premium plan costs?',
    'I need to move my appointment to Friday afternoon.',
    'There is a problem with my last invoice.',
    'Yes, Tuesday works for me, thank you.',
    'Please cancel my subscription.',
    'What time do you open on Saturdays?',
    'I am interested, please send me the details.',
  ],
};

const arr = (xs: string[]) => `array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ')}]`;
const pick = (list: string[], u: string) => `(${arr(list)})[1 + floor(${u} * ${list.length})::int]`;

/** INSERT … SELECT of calls $1..$2 (global sequence numbers) into `target`. */
export function callInsertSql(target: string): string {
  return `
insert into ${target} (id, org_id, call_type, status, from_number, to_number, contact_name, agent_name, started_at, ended_at,
  duration_seconds, ended_reason, cost, summary, sentiment, transcript, provider, provider_call_id, recording_url,
  recording_storage_path, created_at)
select id, org_id, call_type, status,
  case when call_type = 'inbound' then customer else org_number end,
  case when call_type = 'inbound' then org_number else customer end,
  case when u5 < 0.85 then ${pick(LISTS.first, 'u5 / 0.85')} || ' ' || ${pick(LISTS.last, 'u6')} end,
  ${pick(LISTS.agents, 'u7')},
  started_at,
  case when status <> 'in_progress' then started_at + make_interval(secs => duration) end,
  duration,
  case status when 'completed' then case when u6 < 0.5 then 'customer-ended-call' else 'assistant-ended-call' end
    when 'no_answer' then 'customer-did-not-answer' when 'busy' then 'customer-busy' when 'failed' then 'pipeline-error'
    when 'voicemail' then 'voicemail' end,
  round(duration * 0.0012 + 0.01, 4),
  case when talked then ${pick(LISTS.summaries, 'u3')} end,
  case when status = 'completed' then (array['positive', 'neutral', 'negative'])[1 + floor(u4 * 3)::int] end,
  case when status = 'completed' then jsonb_build_array(
    jsonb_build_object('speaker', 'agent', 'text', ${pick(LISTS.greetings, 'u6')}, 'start', 0, 'end', 4),
    jsonb_build_object('speaker', 'customer', 'text', ${pick(LISTS.replies, 'u7')}, 'start', 4, 'end', 11))
  else '[]'::jsonb end,
  'voice', 'bench-' || i,
  case when talked then 'https://recordings.example.test/' || i || '.wav' end,
  case when talked and u8 < 0.9 then org_id || '/' || id || '.wav' end,
  started_at + make_interval(secs => duration + 2)
from (
  select *,
    status in ('completed', 'voicemail') as talked,
    case status when 'completed' then 20 + floor(u3 * 600)::int when 'voicemail' then 15 + floor(u3 * 40)::int
      when 'in_progress' then 0 else floor(u3 * 20)::int end as duration
  from (
    select *,
      case when u1 < 0.6 then 'inbound' else 'outbound' end as call_type,
      case when u2 < 0.70 then 'completed' when u2 < 0.80 then 'no_answer' when u2 < 0.88 then 'voicemail'
        when u2 < 0.93 then 'busy' when u2 < 0.98 then 'failed' else 'in_progress' end as status,
      '+1800' || lpad(rank::text, 7, '0') as org_number,
      '+1' || (200 + floor(u4 * 800))::int || lpad(floor(u8 * 10000000)::int::text, 7, '0') as customer
    from (
      select g as i, gen_random_uuid() as id, rank, ($4::uuid[])[rank] as org_id,
        $5::timestamptz + (g - 1) * $6::interval as started_at,
        random() as u1, random() as u2, random() as u3, random() as u4, random() as u5, random() as u6,
        random() as u7, random() as u8
      from (select g, width_bucket(random(), $3::float8[]) as rank from generate_series($1::bigint, $2::bigint) g offset 0) d
      offset 0
    ) r
  ) s
) t`;
}

const sec = (t0: number) => round((performance.now() - t0) / 1000, 2);

export async function loadDataset(db: pg.Client): Promise<Dataset | null> {
  await db.query('create schema if not exists bench');
  await db.query(`create table if not exists bench.dataset (name text primary key, body jsonb not null)`);
  const { rows } = await db.query<{ body: Dataset }>('select body from bench.dataset');
  return rows[0]?.body ?? null;
}

export function sameSpec(a: DatasetSpec, b: DatasetSpec): boolean {
  // jsonb does not keep key order.
  const canonical = (x: DatasetSpec) => JSON.stringify(Object.entries(x).sort(([k1], [k2]) => k1.localeCompare(k2)));
  return canonical(a) === canonical(b);
}

interface Params {
  cdf: number[];
  orgIds: string[];
  t0: string;
  step: string;
}

async function generatorParams(db: pg.Client, spec: DatasetSpec): Promise<Params> {
  // Lower bound of each org's slice of [0, 1): width_bucket(random(), cdf) is then the org's rank.
  const weights = Array.from({ length: spec.orgs }, (_, r) => 1 / (r + 1) ** spec.zipfS);
  const total = weights.reduce((a, b) => a + b, 0);
  const cdf: number[] = [];
  let acc = 0;
  for (const w of weights) {
    cdf.push(acc / total);
    acc += w;
  }
  const orgIds = (await db.query<{ id: string }>(`select ${orgIdSql('r')} as id from generate_series(1, $1) r order by r`, [spec.orgs])).rows.map((r) => r.id);
  const { rows } = await db.query<{ t0: string }>(`select (date_trunc('day', now()) - make_interval(days => $1))::text as t0`, [spec.days]);
  const stepMs = (spec.days * 86_400_000) / spec.rows;
  return { cdf, orgIds, t0: rows[0].t0, step: `${stepMs} milliseconds` };
}

export async function generateDataset(db: pg.Client, spec: DatasetSpec, log: (line: string) => void): Promise<Dataset> {
  const tAll = performance.now();
  await db.query(`set maintenance_work_mem = '1GB'`);
  await db.query(`set max_parallel_maintenance_workers = 2`);
  await db.query(`set work_mem = '256MB'`);
  await db.query(`set synchronous_commit = off`);
  await db.query(`select setseed($1)`, [spec.seed]);

  // A zone with daylight saving, as a real org's (the overview's days are local days).
  await db.query(`insert into public.organizations (id, name, status, time_zone, rollups_time_zone)
    select ${orgIdSql('r')}, 'Bench org ' || lpad(r::text, 4, '0'), 'active', '${BENCH_TIME_ZONE}', '${BENCH_TIME_ZONE}' from generate_series(1, $1) r
    on conflict (id) do nothing`, [spec.orgs]);
  const params = await generatorParams(db, spec);

  // Drop what makes a bulk load slow; rebuild it afterwards from the schema's own definitions.
  const indexes = (await db.query<{ name: string; def: string }>(
    `select c.relname as name, pg_get_indexdef(i.indexrelid) as def from pg_index i join pg_class c on c.oid = i.indexrelid
     where i.indrelid = 'public.call_logs'::regclass and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`,
  )).rows;
  const uniques = (await db.query<{ name: string; def: string }>(
    `select conname as name, pg_get_constraintdef(oid) as def from pg_constraint
     where conrelid = 'public.call_logs'::regclass and contype in ('p', 'u') order by contype, conname`,
  )).rows;
  const inboundFks = (await db.query<{ tbl: string; name: string; def: string }>(
    `select conrelid::regclass::text as tbl, conname as name, pg_get_constraintdef(oid) as def from pg_constraint
     where confrelid = 'public.call_logs'::regclass and contype = 'f'`,
  )).rows;
  for (const fk of inboundFks) await db.query(`alter table ${fk.tbl} drop constraint ${fk.name}`);
  for (const u of uniques) await db.query(`alter table public.call_logs drop constraint ${u.name}`);
  for (const i of indexes) await db.query(`drop index public.${i.name}`);

  await db.query(`set session_replication_role = replica`);
  const chunk = 250_000;
  const tIns = performance.now();
  const insertSql = callInsertSql('public.call_logs');
  for (let start = 1; start <= spec.rows; start += chunk) {
    const end = Math.min(spec.rows, start + chunk - 1);
    await db.query(insertSql, [start, end, params.cdf, params.orgIds, params.t0, params.step]);
    const s = (performance.now() - tIns) / 1000;
    log(`  inserted ${end.toLocaleString('en-US')} / ${spec.rows.toLocaleString('en-US')} rows (${Math.round(end / s).toLocaleString('en-US')} rows/s)`);
  }
  const insertSeconds = sec(tIns);
  await db.query(`set session_replication_role = origin`);

  const tCon = performance.now();
  for (const u of uniques) await db.query(`alter table public.call_logs add constraint ${u.name} ${u.def}`);
  const constraintSeconds = sec(tCon);
  log(`  primary key and unique constraints rebuilt in ${constraintSeconds} s`);
  const indexSeconds: Record<string, number> = {};
  for (const i of indexes) {
    const t = performance.now();
    await db.query(i.def);
    indexSeconds[i.name] = sec(t);
    log(`  ${i.name}: ${indexSeconds[i.name]} s`);
  }
  for (const fk of inboundFks) await db.query(`alter table ${fk.tbl} add constraint ${fk.name} ${fk.def}`);

  // The retry job's table: one failed upload per `failedEvery` calls, most due now.
  const failed = await db.query(
    `insert into public.failed_recording_uploads (org_id, call_id, error, retry_count, max_retries, next_retry_at, resolved_at, dead_lettered_at, created_at)
     select org_id, id, 'download failed: HTTP 503', floor(r * 3)::int, 3,
            case when r < 0.8 then now() - make_interval(mins => (r * 600)::int) else now() + interval '1 hour' end,
            case when r >= 0.9 and r < 0.95 then now() end,
            case when r >= 0.95 then now() end,
            created_at
     from (select org_id, id, created_at, random() as r from public.call_logs where random() < 1.0 / $1) x`,
    [spec.failedEvery],
  );

  // The overview's rollups (issue 15): the load skipped the trigger (replica role), so they are built
  // here set-based, one aggregation per org over its calls, as after a zone change.
  const tRoll = performance.now();
  await db.query('delete from public.call_rollups');
  await db.query(
    `insert into public.call_rollups (org_id, time_zone, local_day, direction, dimension, key, calls, seconds, cost, succeeded)
     select o.id, o.time_zone, r.local_day, r.direction, r.dimension, r.key, r.calls, r.seconds, r.cost, r.succeeded
     from public.organizations o cross join lateral public.call_rollup_rows(o.id, o.time_zone, null, null) r
     where o.id in (select ${orgIdSql('g')} from generate_series(1, $1) g)`,
    [spec.orgs],
  );
  const rollupSeconds = sec(tRoll);
  const rollupRows = Number((await db.query('select count(*) as n from public.call_rollups')).rows[0].n);
  log(`  overview rollups built set-based in ${rollupSeconds} s (${rollupRows.toLocaleString('en-US')} rows)`);

  const tVac = performance.now();
  await db.query('vacuum analyze public.call_rollups');
  await db.query('vacuum analyze public.call_logs');
  await db.query('vacuum analyze public.organizations');
  await db.query('vacuum analyze public.failed_recording_uploads');
  const vacuumAnalyzeSeconds = sec(tVac);
  log(`  vacuum analyze: ${vacuumAnalyzeSeconds} s`);

  const sizes = (await db.query<{ id: string; rank: number; rows: number; inbound: number }>(
    `select o.id, o.rank, coalesce(c.n, 0)::int as rows, coalesce(c.inbound, 0)::int as inbound
     from (select ${orgIdSql('r')} as id, r as rank from generate_series(1, $1) r) o
     left join (select org_id, count(*) as n, count(*) filter (where call_type = 'inbound') as inbound
                from public.call_logs group by org_id) c on c.org_id = o.id
     order by rows desc, rank`,
    [spec.orgs],
  )).rows;
  const at = (i: number) => sizes[Math.min(sizes.length - 1, Math.max(0, i))];
  const probes: ProbeOrg[] = [
    { label: 'top', ...at(0) },
    { label: 'p90', ...at(Math.ceil(0.1 * sizes.length) - 1) },
    { label: 'median', ...at(Math.floor(sizes.length / 2)) },
    { label: 'tail', ...at(sizes.length - 1) },
  ];
  const bytes = (await db.query<{ t: string; i: string }>(
    `select pg_table_size('public.call_logs') as t, pg_indexes_size('public.call_logs') as i`,
  )).rows[0];
  const totalSeconds = sec(tAll);
  const stats: GenerationStats = {
    rows: spec.rows,
    orgs: spec.orgs,
    failedUploads: failed.rowCount ?? 0,
    insertSeconds,
    insertRowsPerSecond: Math.round(spec.rows / insertSeconds),
    constraintSeconds,
    indexSeconds,
    vacuumAnalyzeSeconds,
    rollupSeconds,
    rollupRows,
    totalSeconds,
    rowsPerSecondOverall: Math.round(spec.rows / totalSeconds),
    tableBytes: Number(bytes.t),
    indexBytes: Number(bytes.i),
    orgSizes: {
      largest: sizes[0].rows,
      smallest: sizes[sizes.length - 1].rows,
      median: at(Math.floor(sizes.length / 2)).rows,
      topShare: round(sizes[0].rows / spec.rows, 3),
    },
  };
  stats.loadPaths = await measureLoadPaths(db, spec, params, log);
  const dataset: Dataset = { spec, stats, probes, generatedAt: new Date().toISOString() };
  await db.query(`insert into bench.dataset (name, body) values ($1, $2) on conflict (name) do update set body = excluded.body`, [spec.name, dataset]);
  return dataset;
}

/**
 * What the bulk path saves, on a sample of the same generator: rows/s into (a) a plain copy of the
 * table without generated columns or indexes, (b) the same with the two generated columns
 * (search_vector, phone_digits), (c) the real, full-size table with every index and FK trigger live
 * (rolled back, so the dataset is unchanged).
 */
async function measureLoadPaths(db: pg.Client, spec: DatasetSpec, p: Params, log: (line: string) => void) {
  const n = Math.min(50_000, Math.max(10_000, Math.round(spec.rows / 100)));
  const start = spec.rows + 1;
  const args = [start, start + n - 1, p.cdf, p.orgIds, p.t0, p.step];
  const out: Record<string, number> = {};
  const run = async (label: string, target: string) => {
    await db.query('begin');
    try {
      const t = performance.now();
      await db.query(callInsertSql(target), args);
      out[label] = Math.round(n / ((performance.now() - t) / 1000));
    } finally {
      await db.query('rollback');
    }
  };
  await db.query('drop table if exists bench.load_plain, bench.load_generated');
  await db.query('create table bench.load_plain (like public.call_logs including defaults)');
  await db.query('create table bench.load_generated (like public.call_logs including defaults including generated)');
  await run('plainNoGeneratedNoIndexes', 'bench.load_plain');
  await run('generatedColumnsNoIndexes', 'bench.load_generated');
  await run('liveIndexesAndTriggersAtFullSize', 'public.call_logs');
  await db.query('drop table bench.load_plain, bench.load_generated');
  log(`  load paths (${n.toLocaleString('en-US')} rows each, rows/s): ${JSON.stringify(out)}`);
  return out;
}
