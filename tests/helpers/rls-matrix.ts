// RLS matrix: every tenant table × every command, run as `authenticated` with claims (never as the
// table owner). A user of org A must get nothing of org B and be refused every write into B.
// Defined once, run against the test stack's database (tests/integration/rls-matrix.test.ts) and
// against a database the Supabase CLI migrated as the non-superuser postgres role
// (tests/integration/cli-migrations.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pgLib from 'pg';
import { asRole, createOrgFixture, generatedTenantTables, insertSql, TENANT_TABLES, userClaims, type TenantTable } from './db.ts';

// Signed-in users may select these tables at all (grants); RLS then decides the rows.
const SELECT_GRANTED: Record<TenantTable, boolean> = {
  leads: true,
  campaigns: true,
  knowledge_base: true,
  call_logs: true,
  recording_upload_queue: false,
  failed_recording_uploads: false,
  security_audit_log: false,
  access_log: true,
  webhook_secrets: false,
  webhook_deliveries: false,
  orphan_cleanup_runs: true,
  provider_webhook_endpoints: false,
  org_audit_log: true,
  org_invitations: false,
  webhook_delivery_events: false,
  retention_policies: false,
  erasure_receipts: true,
  call_rollups: true,
};

// What a member of the org may read of its own rows, by role.
const OWN_READ: Record<TenantTable, { admin: boolean; staff: boolean }> = {
  leads: { admin: true, staff: true },
  campaigns: { admin: true, staff: true },
  knowledge_base: { admin: true, staff: true },
  call_logs: { admin: true, staff: true },
  // Pipeline state reaches admins through open_call() only.
  recording_upload_queue: { admin: false, staff: false },
  failed_recording_uploads: { admin: false, staff: false },
  security_audit_log: { admin: false, staff: false },
  access_log: { admin: true, staff: false },
  // Signing secrets and deliveries (which hold payloads) are for the service role only.
  webhook_secrets: { admin: false, staff: false },
  webhook_deliveries: { admin: false, staff: false },
  orphan_cleanup_runs: { admin: true, staff: false },
  // Provider credentials (Vapi tokens and HMAC keys, Retell API keys): the service role only.
  provider_webhook_endpoints: { admin: false, staff: false },
  // The org's administration trail: its admins. Invitations (token hashes): through functions only.
  org_audit_log: { admin: true, staff: false },
  org_invitations: { admin: false, staff: false },
  // The delivery log reaches admins through webhook_settings() only.
  webhook_delivery_events: { admin: false, staff: false },
  // Retention settings: admins read and change them through retention_policy()/set_retention_policy().
  retention_policies: { admin: false, staff: false },
  // Deletion receipts: the org's admins (the access log page).
  erasure_receipts: { admin: true, staff: false },
  // The overview's rollups: list fields only, so staff as admins; only the trigger and the rebuild write.
  call_rollups: { admin: true, staff: true },
};
const orgsOf = (rows: Record<string, unknown>[]) => [...new Set(rows.map((r) => r.org_id))];

export function defineRlsMatrix(dbUrl: () => string) {
  let db: pgLib.Client;
  let A: Awaited<ReturnType<typeof createOrgFixture>>;
  let B: Awaited<ReturnType<typeof createOrgFixture>>;
  let S: Awaited<ReturnType<typeof createOrgFixture>>;
  const scope = () => [A.org, B.org, S.org];

  beforeAll(async () => {
    db = new pgLib.Client({ connectionString: dbUrl() });
    await db.connect();
    A = await createOrgFixture(db);
    B = await createOrgFixture(db);
    S = await createOrgFixture(db, 'suspended');
  });
  afterAll(async () => {
    await db?.end();
  });

  it('covers every tenant table the migrations define (a new one fails here until it is added)', () => {
    expect([...TENANT_TABLES].sort()).toEqual([...generatedTenantTables()].sort());
  });

  describe.each(TENANT_TABLES)('%s', (table) => {
    describe('owner (member of org A)', () => {
      for (const role of ['admin', 'staff'] as const) {
        it(`${role} selects only A's rows, as allowed for the role`, async () => {
          const r = await asRole(db, 'authenticated', userClaims({ orgId: A.org, role }), `select org_id from public.${table} where org_id = any($1)`, [scope()]);
          expect(r.error).toBe(SELECT_GRANTED[table] ? undefined : '42501');
          expect(orgsOf(r.rows)).toEqual(OWN_READ[table][role] ? [A.org] : []);
        });
      }
      it('admin insert, update and delete in own org: refused (no API user writes a public table)', async () => {
        const admin = userClaims({ orgId: A.org, role: 'admin' });
        const [sql, params] = insertSql(table, A);
        expect((await asRole(db, 'authenticated', admin, sql, params)).error).toBe('42501');
        expect((await asRole(db, 'authenticated', admin, `update public.${table} set org_id = org_id where org_id = $1`, [A.org])).error).toBe('42501');
        expect((await asRole(db, 'authenticated', admin, `delete from public.${table} where org_id = $1`, [A.org])).error).toBe('42501');
      });
    });

    describe('stranger (member of org A acting on org B)', () => {
      for (const role of ['admin', 'staff'] as const) {
        const claims = () => userClaims({ orgId: A.org, role });
        it(`${role}: select of B's rows returns nothing`, async () => {
          const r = await asRole(db, 'authenticated', claims(), `select org_id from public.${table} where org_id = $1`, [B.org]);
          expect(r.error).toBe(SELECT_GRANTED[table] ? undefined : '42501');
          expect(r.rows).toEqual([]);
        });
        it(`${role}: insert into B is refused`, async () => {
          const [sql, params] = insertSql(table, B);
          const r = await asRole(db, 'authenticated', claims(), sql, params);
          expect(r.error).toBe('42501');
        });
        it(`${role}: update of B's rows is refused`, async () => {
          const r = await asRole(db, 'authenticated', claims(), `update public.${table} set org_id = org_id where org_id = $1`, [B.org]);
          expect(r.error).toBe('42501');
          expect(r.rowCount).toBe(0);
        });
        it(`${role}: delete of B's rows is refused`, async () => {
          const r = await asRole(db, 'authenticated', claims(), `delete from public.${table} where org_id = $1`, [B.org]);
          expect(r.error).toBe('42501');
          expect(r.rowCount).toBe(0);
        });
      }
      it("admin: moving an own row to org B is refused", async () => {
        const r = await asRole(db, 'authenticated', userClaims({ orgId: A.org, role: 'admin' }), `update public.${table} set org_id = $2 where org_id = $1`, [A.org, B.org]);
        // Either the row is not updatable at all (0 rows) or WITH CHECK refuses the new org.
        if (r.error) expect(['42501', '23503']).toContain(r.error);
        else expect(r.rowCount).toBe(0);
        const check = await db.query(`select count(*)::int as n from public.${table} where org_id = $1`, [A.org]);
        expect(check.rows[0].n).toBeGreaterThan(0);
      });
    });

    describe('anonymous and org-less callers', () => {
      it('anon sees nothing and cannot write', async () => {
        const sel = await asRole(db, 'anon', { role: 'anon' }, `select * from public.${table} where org_id = any($1)`, [scope()]);
        expect(sel.rows).toEqual([]);
        expect(sel.error).toBe('42501'); // no privileges at all on tenant tables
        const [sql, params] = insertSql(table, A);
        expect((await asRole(db, 'anon', { role: 'anon' }, sql, params)).error).toBe('42501');
      });
      it('a signed-in user without an org sees nothing', async () => {
        const r = await asRole(db, 'authenticated', userClaims({}), `select org_id from public.${table} where org_id = any($1)`, [scope()]);
        expect(r.error).toBe(SELECT_GRANTED[table] ? undefined : '42501');
        expect(r.rows).toEqual([]);
      });
      it("user_metadata naming org A grants nothing", async () => {
        const claims = userClaims({ userMetadata: { org_id: A.org, org_role: 'admin' } });
        const r = await asRole(db, 'authenticated', claims, `select org_id from public.${table} where org_id = any($1)`, [scope()]);
        expect(r.rows).toEqual([]);
      });
      it("app_metadata A with user_metadata B: only A's rows", async () => {
        const claims = userClaims({ orgId: A.org, role: 'admin', userMetadata: { org_id: B.org } });
        const r = await asRole(db, 'authenticated', claims, `select org_id from public.${table} where org_id = any($1)`, [scope()]);
        expect(orgsOf(r.rows)).toEqual(OWN_READ[table].admin ? [A.org] : []);
      });
      it("a suspended org's admin sees nothing, not even its own rows", async () => {
        const r = await asRole(db, 'authenticated', userClaims({ orgId: S.org, role: 'admin' }), `select org_id from public.${table} where org_id = any($1)`, [scope()]);
        expect(r.rows).toEqual([]);
      });
      it('a malformed org_id claim sees nothing and does not error', async () => {
        const r = await asRole(db, 'authenticated', userClaims({ orgId: "x' or true --", role: 'admin' }), `select org_id from public.${table} where org_id = any($1)`, [scope()]);
        expect(r.error).toBe(SELECT_GRANTED[table] ? undefined : '42501');
        expect(r.rows).toEqual([]);
      });
    });

    it('the service role sees every org', async () => {
      const r = await asRole(db, 'service_role', { role: 'service_role' }, `select org_id from public.${table} where org_id = any($1)`, [scope()]);
      expect(orgsOf(r.rows).sort()).toEqual(scope().sort());
    });
  });

  describe('columns no signed-in user reads', () => {
    // Transcript, summary and the recording reach admins only through the ledgered functions.
  for (const [table, column] of [
    ['call_logs', 'recording_url'],
    ['call_logs', 'transcript'],
    ['call_logs', 'summary'],
    ['call_logs', 'search_vector'],
    ['call_logs', 'recording_storage_path'],
    ['call_logs', 'provider_call_id'],
    ['recording_upload_queue', 'recording_url'],
    ['recording_upload_queue', 'lease_token'],
    ['recording_upload_queue', 'last_error'],
    ['access_log', 'id'],
    ['call_logs', 'legal_hold_at'],
    ['erasure_receipts', 'storage_path'],
    ['erasure_receipts', 'actor_user_id'],
  ] as const) {
      it(`${table}.${column}: refused even to the org's admin, and so is select *`, async () => {
        const admin = userClaims({ orgId: A.org, role: 'admin' });
        expect((await asRole(db, 'authenticated', admin, `select ${column} from public.${table} where org_id = $1`, [A.org])).error).toBe('42501');
        expect((await asRole(db, 'authenticated', admin, `select * from public.${table} where org_id = $1`, [A.org])).error).toBe('42501');
      });
    }
  });

  describe('organizations', () => {
    it('a member sees only its own org; nobody writes through the API', async () => {
      const claims = userClaims({ orgId: A.org, role: 'admin' });
      const r = await asRole(db, 'authenticated', claims, 'select id from public.organizations where id = any($1)', [scope()]);
      expect(r.rows.map((x) => x.id)).toEqual([A.org]);
      const upd = await asRole(db, 'authenticated', claims, `update public.organizations set status = 'active' where id = $1`, [S.org]);
      expect(upd.error).toBe('42501');
      const own = await asRole(db, 'authenticated', claims, `update public.organizations set name = 'hijacked' where id = $1`, [A.org]);
      expect(own.error).toBe('42501');
      const ins = await asRole(db, 'authenticated', claims, `insert into public.organizations (name) values ('x')`);
      expect(ins.error).toBe('42501');
    });
  });

  describe('storage.objects in call-recordings', () => {
    it('no signed-in user reads or writes recording objects, not even the org\'s admin (the server signs after the ledger)', async () => {
      for (const f of [A, B]) {
        await db.query(`insert into storage.objects (bucket_id, name) values ('call-recordings', $1) on conflict do nothing`, [`${f.org}/${f.call}.wav`]);
      }
      const names = [`${A.org}/${A.call}.wav`, `${B.org}/${B.call}.wav`];
      const sel = (claims: Record<string, unknown>) =>
        asRole(db, 'authenticated', claims, `select name from storage.objects where bucket_id = 'call-recordings' and name = any($1)`, [names]);
      expect((await sel(userClaims({ orgId: A.org, role: 'admin' }))).rows).toEqual([]);
      expect((await sel(userClaims({ orgId: A.org, role: 'staff' }))).rows).toEqual([]);
      expect((await sel(userClaims({ userMetadata: { org_id: A.org, org_role: 'admin' } }))).rows).toEqual([]);
      const ins = await asRole(db, 'authenticated', userClaims({ orgId: A.org, role: 'admin' }),
        `insert into storage.objects (bucket_id, name) values ('call-recordings', $1)`, [`${A.org}/new.wav`]);
      expect(ins.error).toBe('42501');
      const del = await asRole(db, 'authenticated', userClaims({ orgId: A.org, role: 'admin' }),
        `delete from storage.objects where bucket_id = 'call-recordings' and name = $1`, [names[0]]);
      expect(del.rowCount).toBe(0);
    });
  });
}
