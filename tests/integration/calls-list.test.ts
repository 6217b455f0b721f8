// List correctness against the database as the oracle: filters combine, keyset paging over equal
// sort values has no duplicates and no gaps, counts are exact for small orgs, and hostile search
// text never reaches the filter grammar.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ORGS, NUMBERS } from '../../supabase/local/seed/demo-constants.ts';
import { serviceClient, signIn, DEMO_PASSWORD } from '../helpers/clients.ts';
import { callRoute } from '../helpers/api.ts';
import { withDb } from '../helpers/db.ts';

let acmeStaff: string;
let tieAdmin: string;
let tieOrg: string;

beforeAll(async () => {
  acmeStaff = (await signIn('staff@acme.test')).session.access_token;
  // An org of its own whose calls share a handful of timestamps, durations and costs.
  tieOrg = randomUUID();
  await withDb(async (db) => {
    await db.query(`insert into public.organizations (id, name) values ($1, 'Tie Breakers')`, [tieOrg]);
    await db.query(
      `insert into public.call_logs (org_id, call_type, status, started_at, duration_seconds, cost, from_number, to_number)
       select $1, case when g % 3 = 0 then 'outbound' else 'inbound' end,
              (array['completed', 'busy', 'no_answer'])[1 + g % 3],
              timestamptz '2026-10-01 12:00:00+00' + ((g % 4) * interval '1 hour'),
              (g % 5) * 60, (g % 3) * 0.25, '+1999000' || lpad((g % 7)::text, 4, '0'), '+19995550100'
       from generate_series(1, 57) g`,
      [tieOrg],
    );
  });
  const email = `tie-admin-${randomUUID()}@example.test`;
  // Agent names that a filter string must survive as values: quotes, backslashes, commas,
  // parentheses, PostgREST operators; and no agent at all (sorted as empty).
  await withDb((db) =>
    db.query(
      `update public.call_logs set agent_name = (array[$2, $3, $4, $5, $6, null])[1 + (hashtext(id::text) & 2147483647) % 6] where org_id = $1`,
      // …and one as long as the webhook allows, in a script that takes 3 bytes a character, with a tab.
      [tieOrg, 'Ava "the bot"', 'back\\slash', 'x,y).or(id.not.is.null', 'Zed (night shift)', `${'タ'.repeat(199)}\t`],
    ),
  );
  // Success evaluations as providers write them: pass/fail words in any case and spacing, numeric
  // scores and rubric text (neither pass nor fail), and none; sentiments and recordings spread too.
  await withDb((db) =>
    db.query(
      `update public.call_logs set
         success_evaluation = (array['true', ' Pass ', 'SUCCESSFUL', 'false', 'Failed', 'no', '8', 'The caller booked, mostly', null])[1 + (hashtext(id::text || 's') & 2147483647) % 9],
         sentiment = (array['positive', 'neutral', 'negative', null])[1 + (hashtext(id::text || 'm') & 2147483647) % 4],
         recording_storage_path = case when (hashtext(id::text || 'r') & 2147483647) % 3 = 0 then org_id || '/' || id || '.mp3' end
       where org_id = $1`,
      [tieOrg],
    ),
  );
  // The spread above depends on random ids: the narrowest combined case below matches about one row
  // in a hundred, so some runs had none. Three rows are made to match it (one written each way).
  await withDb((db) =>
    db.query(
      `update public.call_logs set success_evaluation = (array['false', 'Failed', 'no'])[n], sentiment = 'negative', recording_storage_path = org_id || '/' || id || '.mp3'
       from (select id as pick, row_number() over (order by id) as n from public.call_logs
             where org_id = $1 and duration_seconds between 60 and 180 and cost <= 0.25 order by id limit 3) picked
       where org_id = $1 and id = picked.pick`,
      [tieOrg],
    ),
  );
  const created = await serviceClient().auth.admin.createUser({ email, password: DEMO_PASSWORD, email_confirm: true, app_metadata: { org_id: tieOrg, org_role: 'admin' } });
  if (created.error) throw created.error;
  tieAdmin = (await signIn(email)).session.access_token;
});

/** Follows nextCursor from the first page to the last; returns the ids in order and the first page's total. */
async function allPages(token: string, params: Record<string, string | string[]> | URLSearchParams, limit = 5) {
  const base = params instanceof URLSearchParams ? new URLSearchParams(params) : new URLSearchParams();
  if (!(params instanceof URLSearchParams)) for (const [k, v] of Object.entries(params)) for (const x of [v].flat()) base.append(k, x);
  base.set('limit', String(limit));
  const ids: string[] = [];
  let cursor: string | null = null;
  let total: unknown;
  for (let i = 0; i < 100; i++) {
    const q = new URLSearchParams(base);
    if (cursor) q.set('cursor', cursor);
    const res = await callRoute('list', { token, query: q });
    expect(res.status, res.text).toBe(200);
    if (!cursor) total = res.body.total;
    ids.push(...res.body.calls.map((c: { id: string }) => c.id));
    cursor = res.body.nextCursor;
    if (!cursor) break;
  }
  return { ids, total };
}

const ORDER_SQL: Record<string, string> = {
  'started_at:desc': 'started_at desc, id desc',
  'started_at:asc': 'started_at asc, id asc',
  'duration:desc': 'duration_seconds desc, id desc',
  'duration:asc': 'duration_seconds asc, id asc',
  'cost:desc': 'cost desc, id desc',
  'cost:asc': 'cost asc, id asc',
  'status:asc': 'status asc, id asc',
  'status:desc': 'status desc, id desc',
  'agent:asc': "coalesce(agent_name, '') asc, id asc",
  'agent:desc': "coalesce(agent_name, '') desc, id desc",
  'number:asc': "case when call_type = 'inbound' then from_number else to_number end asc, id asc",
  'number:desc': "case when call_type = 'inbound' then from_number else to_number end desc, id desc",
};

describe('keyset paging over identical sort values', () => {
  it.each(Object.keys(ORDER_SQL))('%s: every row exactly once, in order', async (key) => {
    const [sort, order] = key.split(':');
    const { ids, total } = await allPages(tieAdmin, { sort, order });
    const expected = await withDb(async (db) =>
      (await db.query(`select id from public.call_logs where org_id = $1 order by ${ORDER_SQL[key]}`, [tieOrg])).rows.map((r) => r.id),
    );
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expected);
    expect(total).toEqual({ value: 57, kind: 'exact' });
  });

  it('a cursor is bound to its sort order', async () => {
    const first = await callRoute('list', { token: tieAdmin, query: new URLSearchParams({ sort: 'cost', limit: '5' }) });
    const res = await callRoute('list', { token: tieAdmin, query: new URLSearchParams({ sort: 'duration', cursor: first.body.nextCursor }) });
    expect(res.status).toBe(400);
  });
});

describe('filters combine (database as oracle)', () => {
  const cases: [string, Record<string, string | string[]>, string, unknown[]][] = [
    ['inbound only', { direction: 'inbound' }, `call_type = 'inbound'`, []],
    ['outbound completed', { direction: 'outbound', status: 'completed' }, `call_type = 'outbound' and status = 'completed'`, []],
    ['two statuses', { status: ['busy', 'no_answer'] }, `status in ('busy', 'no_answer')`, []],
    ['date range', { from: '2026-01-01', to: dayOffset(-20) }, `started_at >= '2026-01-01' and started_at < $2::date + 1`, [dayOffset(-20)]],
    ['text search (list fields)', { q: 'Priya' }, `list_search @@ websearch_to_tsquery('simple', 'Priya')`, []],
    ['phone search', { q: '(415) 555' }, `phone_digits like '%415555%'`, []],
    ['assistant', { assistant: 'asst_acme_outbound' }, `assistant_id = 'asst_acme_outbound'`, []],
    ['ended reason', { ended_reason: 'customer-did-not-answer' }, `ended_reason = 'customer-did-not-answer'`, []],
    ['assistant, ended reason, status and dates', { assistant: 'asst_acme_inbound', ended_reason: 'customer-ended-call', status: 'completed', from: dayOffset(-60) },
      `assistant_id = 'asst_acme_inbound' and ended_reason = 'customer-ended-call' and status = 'completed' and started_at >= $2::date`, [dayOffset(-60)]],
    ['everything at once', { direction: 'inbound', status: ['completed', 'voicemail'], from: dayOffset(-30), q: 'Ava' },
      `call_type = 'inbound' and status in ('completed','voicemail') and started_at >= $2::date and list_search @@ websearch_to_tsquery('simple', 'Ava')`, [dayOffset(-30)]],
  ];
  it.each(cases)('%s', async (_name, params, where, extra) => {
    const pages = await allPages(acmeStaff, params, 100);
    const expected = await withDb(async (db) =>
      (await db.query(`select id from public.call_logs where org_id = $1 and ${where} order by started_at desc, id desc`, [ORGS.acme.id, ...extra])).rows.map((r) => r.id),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(pages.ids).toEqual(expected);
    expect(pages.total).toEqual({ value: expected.length, kind: 'exact' });
  });
});

describe('outcome and range filters (issue 15) combine (database as oracle)', () => {
  // Acme's demo calls: sentiments, recordings, durations and costs as the seed made them.
  const acme: [string, Record<string, string | string[]>, string][] = [
    ['one sentiment', { sentiment: 'negative' }, `sentiment = 'negative'`],
    ['two sentiments', { sentiment: ['positive', 'neutral'] }, `sentiment in ('positive', 'neutral')`],
    ['with recording', { has_recording: 'true' }, `recording_storage_path is not null`],
    ['without recording', { has_recording: 'false' }, `recording_storage_path is null`],
    ['duration range (inclusive)', { min_duration: '60', max_duration: '240' }, `duration_seconds between 60 and 240`],
    ['only a longest duration', { max_duration: '0' }, `duration_seconds = 0`],
    ['cost range (inclusive)', { min_cost: '0.1', max_cost: '0.9' }, `cost >= 0.1 and cost <= 0.9`],
    ['everything with the older filters', { direction: 'inbound', status: 'completed', sentiment: ['positive', 'negative'], min_duration: '30', min_cost: '0.05', from: dayOffset(-45) },
      `call_type = 'inbound' and status = 'completed' and sentiment in ('positive', 'negative') and duration_seconds >= 30 and cost >= 0.05 and started_at >= '${dayOffset(-45)}'`],
  ];
  it.each(acme)('Acme: %s', async (_name, params, where) => {
    const pages = await allPages(acmeStaff, params, 100);
    const expected = await withDb(async (db) =>
      (await db.query(`select id from public.call_logs where org_id = $1 and ${where} order by started_at desc, id desc`, [ORGS.acme.id])).rows.map((r) => r.id),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(pages.ids).toEqual(expected);
    expect(pages.total).toEqual({ value: expected.length, kind: 'exact' });
  });

  // The success verdict: the oracle names the raw texts that mean pass or fail, so it does not reuse
  // the column's own expression. Paged by cost over ties, combined with the other new filters.
  const tie: [string, Record<string, string | string[]>, string][] = [
    ['successful', { success: 'true' }, `success_evaluation in ('true', ' Pass ', 'SUCCESSFUL')`],
    ['not successful', { success: 'false' }, `success_evaluation in ('false', 'Failed', 'no')`],
    ['not successful, negative, recorded, 1–3 minutes, cost ≤ 0.25', { success: 'false', sentiment: 'negative', has_recording: 'true', min_duration: '60', max_duration: '180', max_cost: '0.25' },
      `success_evaluation in ('false', 'Failed', 'no') and sentiment = 'negative' and recording_storage_path is not null and duration_seconds between 60 and 180 and cost <= 0.25`],
    ['successful, no recording', { success: 'true', has_recording: 'false' }, `success_evaluation in ('true', ' Pass ', 'SUCCESSFUL') and recording_storage_path is null`],
  ];
  it.each(tie)('tie org: %s', async (_name, params, where) => {
    const pages = await allPages(tieAdmin, { ...params, sort: 'cost', order: 'asc' }, 4);
    const expected = await withDb(async (db) =>
      (await db.query(`select id from public.call_logs where org_id = $1 and ${where} order by cost asc, id asc`, [tieOrg])).rows.map((r) => r.id),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(pages.ids).toEqual(expected);
    expect(pages.total).toEqual({ value: expected.length, kind: 'exact' });
  });

  it("staff filter on the verdict and read it, never the evaluation's text", async () => {
    const res = await callRoute('list', { token: acmeStaff, query: 'success=false&limit=5' });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('success_evaluation');
    const direct = await withDb(async (db) => (await db.query(`select has_column_privilege('authenticated', 'public.call_logs', 'success_evaluation', 'select') as text, has_column_privilege('authenticated', 'public.call_logs', 'succeeded', 'select') as verdict`)).rows[0]);
    expect(direct).toEqual({ text: false, verdict: true });
  });
});

describe('search scope', () => {
  it('covers list fields only: a word found only in summaries and transcripts finds nothing, for staff and admins', async () => {
    const inContent = await withDb(async (db) =>
      (await db.query(`select count(*)::int as n from public.call_logs where org_id = $1 and search_vector @@ websearch_to_tsquery('simple', 'cleaning') and not list_search @@ websearch_to_tsquery('simple', 'cleaning')`, [ORGS.acme.id])).rows[0].n,
    );
    expect(inContent).toBeGreaterThan(0);
    for (const token of [acmeStaff, (await signIn('admin@acme.test')).session.access_token]) {
      const pages = await allPages(token, { q: 'cleaning' }, 100);
      expect(pages.ids).toEqual([]);
    }
  });
});

function dayOffset(days: number) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

describe('the count', () => {
  it("is exact and equals the org's row count", async () => {
    const res = await callRoute('list', { token: acmeStaff, query: 'limit=10' });
    const n = await withDb(async (db) => (await db.query('select count(*)::int as n from public.call_logs where org_id = $1', [ORGS.acme.id])).rows[0].n);
    expect(res.body.total).toEqual({ value: n, kind: 'exact' });
    expect(res.body.calls).toHaveLength(10);
  });
  it('stays the same on later pages', async () => {
    const first = await callRoute('list', { token: acmeStaff, query: 'limit=10&direction=inbound' });
    const second = await callRoute('list', { token: acmeStaff, query: `limit=10&direction=inbound&cursor=${first.body.nextCursor}` });
    expect(second.body.total).toEqual(first.body.total);
  });
});

describe('hostile search input', () => {
  const inputs = [
    'x%,org_id.neq.0',
    `x%,org_id.neq.${ORGS.globex.id}`,
    '),or(id.not.is.null',
    'a,b).or(org_id.is.null',
    `"quoted" 'single'`,
    'back\\slash\\',
    '*:*',
    '%',
    '!@#$%^&*()',
    NUMBERS.globexOnlyCaller,
    `${NUMBERS.globexOnlyCaller.slice(1)}`,
    'Globex',
  ];
  it.each(inputs)('%s → 200 or 400, only Acme rows, never a 500', async (q) => {
    const res = await callRoute('list', { token: acmeStaff, query: new URLSearchParams({ q, limit: '100' }) });
    expect([200, 400]).toContain(res.status);
    expect(res.text).not.toContain(NUMBERS.globexOnlyCaller);
    expect(res.text).not.toContain(ORGS.globex.id);
    if (res.status === 200) {
      const ids = res.body.calls.map((c: { id: string }) => c.id);
      if (ids.length) {
        const orgs = await withDb(async (db) => (await db.query('select distinct org_id from public.call_logs where id = any($1)', [ids])).rows.map((r) => r.org_id));
        expect(orgs).toEqual([ORGS.acme.id]);
      }
    }
  });
});

describe('assistant and ended reason filters', () => {
  it('an assistant of another org, or a value shaped like filter grammar, finds nothing (200), never other rows', async () => {
    for (const [key, value] of [
      ['assistant', 'asst_globex_inbound'],
      ['assistant', 'x,y).or(id.not.is.null'],
      ['ended_reason', 'customer-ended-call,org_id.neq.0'],
      ['ended_reason', '"quoted" \\ back'],
    ]) {
      const globexHas = await withDb(async (db) => (await db.query('select count(*)::int as n from public.call_logs where org_id = $1 and assistant_id = $2', [ORGS.globex.id, 'asst_globex_inbound'])).rows[0].n);
      expect(globexHas).toBeGreaterThan(0);
      const pages = await allPages(acmeStaff, { [key]: value }, 100);
      expect(pages.ids).toEqual([]);
      expect(pages.total).toEqual({ value: 0, kind: 'exact' });
    }
  });
  it('the totals of the two filters add up over the values of the org (database as oracle)', async () => {
    const reasons = await withDb(async (db) =>
      (await db.query(`select ended_reason, count(*)::int as n from public.call_logs where org_id = $1 group by 1 order by 1`, [ORGS.acme.id])).rows,
    );
    expect(reasons.length).toBeGreaterThan(1);
    for (const { ended_reason, n } of reasons.filter((r) => r.ended_reason !== null)) {
      const res = await callRoute('list', { token: acmeStaff, query: new URLSearchParams({ ended_reason, limit: '100' }) });
      expect(res.status).toBe(200);
      expect(res.body.total).toEqual({ value: n, kind: 'exact' });
    }
  });
});

describe('bad input is a 400 before any query', () => {
  const bad: [string, string][] = [
    ['unknown parameter', 'foo=bar'],
    ['org_id parameter', `org_id=${ORGS.globex.id}`],
    ['bad direction', 'direction=sideways'],
    ['bad status', 'status=hacked'],
    ['limit too large', 'limit=101'],
    ['limit zero', 'limit=0'],
    ['bad date', 'from=2026-13-45'],
    ['from after to', 'from=2026-05-02&to=2026-05-01'],
    ['over-long search', `q=${'a'.repeat(201)}`],
    ['over-long assistant', `assistant=${'a'.repeat(201)}`],
    ['over-long ended reason', `ended_reason=${'a'.repeat(201)}`],
    ['bad sentiment', 'sentiment=angry'],
    ['bad success', 'success=yes'],
    ['bad has_recording', 'has_recording=1'],
    ['negative duration', 'min_duration=-1'],
    ['duration in exponent form', 'max_duration=1e3'],
    ['empty duration', 'min_duration='],
    ['duration above a day', 'max_duration=86401'],
    ['cost with 5 decimals', 'min_cost=0.00001'],
    ['cost as filter grammar', 'max_cost=1).or(org_id.neq.0'],
    ['reversed duration range', 'min_duration=60&max_duration=30'],
    ['reversed cost range', 'min_cost=2&max_cost=1'],
    ['empty assistant', 'assistant='],
    ['two assistants', 'assistant=a&assistant=b'],
    ['garbage cursor', 'cursor=not-a-cursor!!'],
    ['forged cursor', `cursor=${Buffer.from(JSON.stringify({ s: 'started_at', o: 'desc', v: '2026-01-01T00:00:00Z),or(id.not.is.null', id: randomUUID() })).toString('base64url')}`],
    ['bad sort', 'sort=org_id'],
    ['impossible timestamp in a cursor', `cursor=${Buffer.from(JSON.stringify({ s: 'started_at', o: 'desc', v: '2024-13-45T99:99:99Z', id: randomUUID() })).toString('base64url')}`],
  ];
  it.each(bad)('%s', async (_name, query) => {
    const res = await callRoute('list', { token: acmeStaff, query });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
  });
});
