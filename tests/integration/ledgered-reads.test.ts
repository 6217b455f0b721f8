// The role boundary and the access ledger hold in the database, through the official client with the
// user's own token (the path every signed-in browser has, besides our routes):
// - staff read list fields only: transcript, summary, recording path and provider data are refused;
// - open_call() / open_recording() are the only way to them: admins only, and each writes its ledger
//   row in the same transaction as the read; a foreign id answers like a random one, with no write.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ORGS } from '../../supabase/local/seed/demo-constants.ts';
import { DEMO_PASSWORD, serviceClient, signIn } from '../helpers/clients.ts';
import { withDb } from '../helpers/db.ts';

type Signed = Awaited<ReturnType<typeof signIn>>;
let acmeAdmin: Signed;
let acmeStaff: Signed;
let acmeCall: string;
let acmeRecordedCall: string;
let globexCall: string;

const ledger = (actor: string) =>
  withDb(async (db) => (await db.query<{ action: string; call_id: string }>('select action, call_id from public.access_log where actor_user_id = $1 order by created_at, id', [actor])).rows);

/** A user of this file only, so no other suite's reads land in the ledger rows we count. */
async function member(role: 'admin' | 'staff'): Promise<Signed> {
  const email = `ledger-${role}-${randomUUID().slice(0, 8)}@example.test`;
  const { error } = await serviceClient().auth.admin.createUser({ email, password: DEMO_PASSWORD, email_confirm: true, app_metadata: { org_id: ORGS.acme.id, org_role: role } });
  if (error) throw error;
  return signIn(email);
}

beforeAll(async () => {
  [acmeAdmin, acmeStaff] = await Promise.all([member('admin'), member('staff')]);
  await withDb(async (db) => {
    acmeCall = (await db.query(`select id from public.call_logs where org_id = $1 and jsonb_array_length(transcript) > 0 limit 1`, [ORGS.acme.id])).rows[0].id;
    acmeRecordedCall = (await db.query(`select id from public.call_logs where org_id = $1 and recording_storage_path is not null limit 1`, [ORGS.acme.id])).rows[0].id;
    globexCall = (await db.query(`select id from public.call_logs where org_id = $1 and recording_storage_path is not null limit 1`, [ORGS.globex.id])).rows[0].id;
  });
});

describe('staff: list fields only, on every path', () => {
  it('the list fields read fine; transcript, summary, recording path and provider ids are refused', async () => {
    const list = await acmeStaff.client.from('call_logs').select('id, status, contact_name, agent_name, duration_seconds, cost, has_recording').eq('id', acmeCall);
    expect(list.error).toBeNull();
    expect(list.data).toHaveLength(1);
    for (const column of ['transcript', 'summary', 'recording_storage_path', 'recording_url', 'search_vector', 'provider_call_id', '*']) {
      const r = await acmeStaff.client.from('call_logs').select(column).eq('id', acmeCall);
      expect(r.error, column).toMatchObject({ code: '42501' });
    }
  });

  it('a full-text filter over transcripts is refused (search covers list fields only)', async () => {
    const r = await acmeStaff.client.from('call_logs').select('id').textSearch('search_vector', 'appointment');
    expect(r.error).toMatchObject({ code: '42501' });
  });

  it('pipeline tables are closed; open_call and open_recording answer 403 before any lookup', async () => {
    expect((await acmeStaff.client.from('recording_upload_queue').select('status')).error).toMatchObject({ code: '42501' });
    expect((await acmeStaff.client.from('failed_recording_uploads').select('error')).error).toMatchObject({ code: '42501' });
    for (const id of [acmeCall, globexCall, randomUUID()]) {
      const call = await acmeStaff.client.rpc('open_call', { p_call_id: id });
      expect(call.error).toMatchObject({ code: 'PT403', message: 'forbidden' });
      expect(call.status).toBe(403);
      const rec = await acmeStaff.client.rpc('open_recording', { p_call_id: id });
      expect(rec.error).toMatchObject({ code: 'PT403', message: 'forbidden' });
    }
    expect(await ledger(acmeStaff.user.id)).toEqual([]);
  });
});

describe('admins: through the ledger only', () => {
  it('open_call returns the detail and writes call.viewed in the same transaction', async () => {
    const before = (await ledger(acmeAdmin.user.id)).length;
    const { data, error } = await acmeAdmin.client.rpc('open_call', { p_call_id: acmeCall });
    expect(error).toBeNull();
    const opened = data as { call: { id: string; transcript: unknown[] } };
    expect(opened.call.id).toBe(acmeCall);
    expect(opened.call.transcript.length).toBeGreaterThan(0);
    const rows = await ledger(acmeAdmin.user.id);
    expect(rows.slice(before)).toEqual([{ action: 'call.viewed', call_id: acmeCall }]);
  });

  it('open_recording returns the exact path and writes recording.url_issued', async () => {
    const before = (await ledger(acmeAdmin.user.id)).length;
    const { data, error } = await acmeAdmin.client.rpc('open_recording', { p_call_id: acmeRecordedCall });
    expect(error).toBeNull();
    expect(data).toMatch(new RegExp(`^${ORGS.acme.id}/${acmeRecordedCall}\\.[a-z0-9]{2,5}$`));
    expect((await ledger(acmeAdmin.user.id)).slice(before)).toEqual([{ action: 'recording.url_issued', call_id: acmeRecordedCall }]);
  });

  it("a foreign id answers exactly like a random one (null), and writes nothing", async () => {
    const before = (await ledger(acmeAdmin.user.id)).length;
    for (const id of [globexCall, randomUUID()]) {
      const call = await acmeAdmin.client.rpc('open_call', { p_call_id: id });
      expect(call).toMatchObject({ data: null, error: null, status: 200 });
      const rec = await acmeAdmin.client.rpc('open_recording', { p_call_id: id });
      expect(rec).toMatchObject({ data: null, error: null, status: 200 });
    }
    expect((await ledger(acmeAdmin.user.id)).length).toBe(before);
  });

  it('the ledger itself shows no platform-wide sequence and cannot be written or erased', async () => {
    expect((await acmeAdmin.client.from('access_log').select('id')).error).toMatchObject({ code: '42501' });
    const entries = await acmeAdmin.client.from('access_log').select('entry_id, action, call_id').limit(5);
    expect(entries.error).toBeNull();
    expect(entries.data!.length).toBeGreaterThan(0);
    const del = await acmeAdmin.client.from('access_log').delete().eq('call_id', acmeCall);
    expect(del.error).toMatchObject({ code: '42501' });
    const ins = await acmeAdmin.client.from('access_log').insert({ org_id: ORGS.acme.id, actor_user_id: acmeAdmin.user.id, action: 'call.viewed', call_id: acmeCall });
    expect(ins.error).toMatchObject({ code: '42501' });
  });
});
