// The access log pages with the same keyset cursor module as the calls list (lib/data/cursor.ts):
// every entry exactly once, newest first, ties on created_at broken by the entry id, and a cursor
// of another list or a tampered one is a 400, not a 500 or a wrong page.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../helpers/api.ts';
import { DEMO_PASSWORD, serviceClient, signIn } from '../helpers/clients.ts';
import { createOrgFixture, withDb } from '../helpers/db.ts';

let token: string;
let expected: string[];

beforeAll(async () => {
  const { org, call } = await withDb((db) => createOrgFixture(db));
  const email = `ledger-${org.slice(0, 8)}@paging.test`;
  const { error } = await serviceClient().auth.admin.createUser({
    email,
    password: DEMO_PASSWORD,
    email_confirm: true,
    app_metadata: { org_id: org, org_role: 'admin' },
  });
  expect(error).toBeNull();
  token = (await signIn(email)).session.access_token;
  expected = await withDb(async (db) => {
    // 12 more entries on only three distinct timestamps, so most page boundaries fall inside a tie.
    for (let i = 0; i < 12; i++) {
      await db.query(
        `insert into public.access_log (org_id, actor_user_id, action, call_id, created_at)
         values ($1, $2, 'call.viewed', $3, timestamptz '2026-11-01T10:00:00Z' + ($4 || ' minutes')::interval)`,
        [org, randomUUID(), call, String(i % 3)],
      );
    }
    const rows = await db.query('select entry_id from public.access_log where org_id = $1 order by created_at desc, entry_id desc', [org]);
    return rows.rows.map((r) => r.entry_id as string);
  });
});

describe('access log paging', () => {
  it.each([1, 2, 5, 13, 100])('limit=%i returns every entry once, in order', async (limit) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const query = new URLSearchParams({ limit: String(limit) });
      if (cursor) query.set('cursor', cursor);
      const res = await callRoute('access-log', { token, query });
      expect(res.status).toBe(200);
      expect(res.body.entries.length).toBeLessThanOrEqual(limit);
      seen.push(...res.body.entries.map((e: { id: string }) => e.id));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    expect(cursor).toBeNull();
    expect(seen).toEqual(expected);
  });

  it('refuses a calls-list cursor, a tampered cursor and garbage with 400 invalid_request', async () => {
    const list = await callRoute('list', { token, query: 'limit=1' });
    expect(list.status).toBe(200);
    const first = await callRoute('access-log', { token, query: 'limit=1' });
    const own = JSON.parse(Buffer.from(first.body.nextCursor, 'base64url').toString('utf8'));
    const tampered = (patch: Record<string, unknown>) => Buffer.from(JSON.stringify({ ...own, ...patch })).toString('base64url');
    const bad = [
      // A calls cursor (sorted by started_at): valid shape, wrong list.
      Buffer.from(JSON.stringify({ s: 'started_at', o: 'desc', v: own.v, id: own.id })).toString('base64url'),
      tampered({ o: 'asc' }),
      tampered({ v: '2026-13-40T10:00:00Z' }),
      tampered({ v: `${own.v}") or (1=1` }),
      tampered({ id: 'not-a-uuid' }),
      tampered({ extra: 1 }),
      'not base64 !',
      Buffer.from(`${own.v}|${own.id}`).toString('base64url'),
    ];
    for (const cursor of bad) {
      const res = await callRoute('access-log', { token, query: new URLSearchParams({ cursor }) });
      expect(res.status, cursor).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
  });
});
