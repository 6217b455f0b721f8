// Every privilege that anon, authenticated, service_role or PUBLIC holds on a public table, column,
// sequence or function comes from a grant statement in supabase/migrations: the database's ACLs equal
// the migrations' grants replayed from nothing. A privilege that only a default (an older hosted
// project's, or a looser local bootstrap's) would give shows up here as a difference.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withDb } from '../helpers/db.ts';
import { ACTUAL_PRIVILEGES_SQL, expectedPrivileges } from '../helpers/migration-grants.ts';

describe('API role privileges in public', () => {
  it('are exactly what the migrations grant', async () => {
    const actual = await withDb(async (db) => new Set((await db.query<{ key: string }>(ACTUAL_PRIVILEGES_SQL)).rows.map((r) => r.key)));
    const expected = expectedPrivileges();
    const missing = [...expected].filter((k) => !actual.has(k)).sort();
    const extra = [...actual].filter((k) => !expected.has(k)).sort();
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    // The comparison is not vacuous: the app's own reads and the pipeline's calls are in it.
    expect(expected).toContain('column:call_logs.has_recording:select:authenticated');
    expect(expected).toContain('function:open_call:execute:authenticated');
    expect(expected).toContain('function:claim_upload_batch:execute:service_role');
  });

  it('give anon nothing but the request gate, and signed-in users no writes at all', () => {
    const expected = [...expectedPrivileges()];
    // PostgREST calls the pre-request gate as the request's role; for anon it returns at once.
    expect(expected.filter((k) => k.endsWith(':anon') || k.endsWith(':public'))).toEqual(['function:request_gate:execute:anon']);
    expect(expected.filter((k) => k.endsWith(':authenticated') && !/:(select|execute):/.test(k))).toEqual([]);
  });

  it('keep transcripts, summaries, recordings, provider URLs and lease tokens out of every signed-in read', () => {
    const expected = expectedPrivileges();
    for (const col of [
      'call_logs.recording_url',
      'call_logs.transcript',
      'call_logs.summary',
      'call_logs.search_vector',
      'call_logs.recording_storage_path',
      'call_logs.provider',
      'call_logs.provider_call_id',
      'call_logs.lead_id',
      'call_logs.campaign_id',
      'recording_upload_queue.recording_url',
      'recording_upload_queue.lease_token',
      'recording_upload_queue.last_error',
      'access_log.id',
    ]) {
      expect(expected.has(`column:${col}:select:authenticated`)).toBe(false);
    }
    expect(expected.has('table:call_logs:select:authenticated')).toBe(false);
    expect(expected.has('table:recording_upload_queue:select:authenticated')).toBe(false);
  });

  it('the replay models Postgres: new functions are executable by PUBLIC, table revokes take column grants too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grants-'));
    const file = join(dir, '1_x.sql');
    writeFileSync(file, `
      create table public.t (a int, b int);
      create function public.f() returns int language sql as $$ select 1; $$; -- a comment; with a semicolon
      grant select (a, b) on public.t to authenticated;
      grant select on public.t to service_role;
      revoke select on public.t from authenticated;
      alter default privileges revoke execute on functions from public;
      create function public.g() returns int language sql as $$ select 2 $$;
      grant execute on function public.g() to service_role;`);
    try {
      expect([...expectedPrivileges([file])].sort()).toEqual([
        'function:f:execute:public',
        'function:g:execute:service_role',
        'table:t:select:service_role',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
