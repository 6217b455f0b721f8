// RuleTester cases for tenant/require-org-filter: what passes, what is an error, and the message.
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
import plugin from './index.js';

RuleTester.describe = describe;
RuleTester.it = it;

const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
});

const rule = plugin.rules['require-org-filter'];
const fn = (body: string) => `async function f(client, admin, deps, orgId, id, ids, input, rows, hint) {\n${body}\n}`;
const missing = { messageId: 'missingOrgFilter' };
const rowsMissing = { messageId: 'rowsMissingOrg' };

tester.run('tenant/require-org-filter', rule, {
  valid: [
    // select / update / delete with the org filter anywhere in the chain
    fn(`return client.from('call_logs').select('*').eq('org_id', orgId).eq('id', id).maybeSingle();`),
    fn(`await admin.from('call_logs').update({ status: 'failed' }).eq('id', id).eq('org_id', orgId);`),
    fn(`await client.from('leads').delete().eq('org_id', orgId).eq('id', id);`),
    fn(`const { data } = await (client.from('leads').select('id') as any).eq('org_id', orgId);`),
    fn(`return (await client.from('leads').select('id').eq('org_id', orgId)).data;`),
    fn(`return client.from('leads').select('id').match({ org_id: orgId, id });`),
    fn(`return client.from('leads').select('id').filter('org_id', 'eq', orgId);`),
    fn(`return client.from("leads").select('id').eq("org_id", orgId);`),
    // service-role job code: any client expression
    fn(`return deps.client.from('recording_upload_queue').select('id').eq('org_id', orgId).in('call_id', ids);`),
    fn(`return Promise.all([client.from('leads').select().eq('org_id', orgId), client.from('campaigns').select().eq('org_id', orgId)]);`),
    // scoped helpers (configured name, or the scoped* prefix)
    fn(`return applyFilters(client.from('call_logs').select('id', { count: 'estimated' }), orgId, input);`),
    fn(`return cursor ? applyFilters(client.from('call_logs').select('id'), orgId, input) : null;`),
    fn(`return scopedToOrg(client.from('leads').select(), orgId);`),
    fn(`return this.scopedQuery(client.from('leads').select(), orgId);`),
    // the query kept in a variable: an unconditional later filter counts
    fn(`let q = client.from('access_log').select('id'); q = q.eq('org_id', orgId); return await q;`),
    fn(`let q = client.from('access_log').select('id').eq('org_id', orgId); if (input) q = q.lt('id', 5); return q;`),
    fn(`const q = client.from('leads').select('id'); return applyFilters(q, orgId, input);`),
    // inserts and upserts that set org_id on every row
    fn(`await admin.from('access_log').insert({ org_id: orgId, action: 'call.viewed' });`),
    fn(`const org_id = orgId; await admin.from('access_log').insert({ org_id, action: 'call.viewed' });`),
    fn(`await admin.from('leads').insert([{ org_id: orgId, name: 'a' }, { org_id: orgId, name: 'b' }]).select('id');`),
    fn(`await admin.from('leads').insert(rows.map((r) => ({ ...r, org_id: orgId })));`),
    fn(`await admin.from('leads').insert(rows.map((r) => { if (r) return { org_id: orgId, name: r }; return { org_id: orgId, name: '' }; }));`),
    fn(`const row = { org_id: orgId, name: 'x' }; await admin.from('leads').upsert(row, { onConflict: 'org_id,id' });`),
    fn(`const base = { org_id: orgId }; await admin.from('leads').insert({ ...base, name: 'x' });`),
    // rpc to org-scoped functions passes p_org_id
    fn(`return client.rpc('claim_upload_batch', { p_org_id: orgId, p_limit: 1, p_lease_seconds: 60 });`),
    fn(`const args = { p_org_id: orgId, p_limit: 1, ...(id ? { p_call_id: id } : {}) }; return client.rpc('claim_upload_batch', args);`),
    // not tenant tables / not queries
    fn(`return client.from('organizations').select('id').eq('status', 'active');`),
    fn(`return client.storage.from('call_logs').list(orgId);`),
    fn(`return client.storage.from('call-recordings').createSignedUrl(id, 60);`),
    fn(`return Array.from('leads');`),
    fn(`return client.rpc('some_global_function', {});`),
    fn(`return client.from(input.table).select();`),
    // options: a custom org column and helper list
    {
      code: fn(`return client.from('widgets').select().eq('tenant_id', orgId);`),
      options: [{ tables: ['widgets'], orgColumn: 'tenant_id' }],
    },
    {
      code: fn(`return withOrg(client.from('widgets').select(), orgId);`),
      options: [{ tables: ['widgets'], scopedHelpers: ['withOrg'] }],
    },
  ],

  invalid: [
    // a lookup by id alone: the audit's bug
    { code: fn(`return client.from('call_logs').select('*').eq('id', id).maybeSingle();`), errors: [missing] },
    // the audit's retry job: fetch ids, then .in('call_id', ids) on another table without its own org filter
    {
      code: fn(`const { data } = await admin.from('failed_recording_uploads').select('*').in('call_id', ids).is('resolved_at', null);`),
      errors: [{ ...missing, data: { table: 'failed_recording_uploads', column: 'org_id', helpers: 'applyFilters, scoped*' } }],
    },
    // service-role job code, any client name, updates and deletes
    { code: fn(`await deps.client.from('recording_upload_queue').update({ status: 'failed' }).eq('id', id);`), errors: [missing] },
    { code: fn(`await supabaseAdmin.from('leads').delete().eq('id', id);`), errors: [missing] },
    { code: fn(`await client.from('knowledge_base').select('*');`), errors: [missing] },
    { code: fn(`await client.from('knowledge_base').select('*', { count: 'exact', head: true });`), errors: [missing] },
    { code: fn('await client.from(`call_logs`).select();'), errors: [missing] },
    // filters on org_id that are not "this org"
    { code: fn(`await client.from('leads').select().neq('org_id', orgId);`), errors: [missing] },
    { code: fn(`await client.from('leads').select().in('org_id', ids);`), errors: [missing] },
    { code: fn(`await client.from('leads').select().eq('id', orgId);`), errors: [missing] },
    { code: fn(`await client.from('leads').select().eq('org_id');`), errors: [missing] },
    // a filter that only sometimes applies, or applies in a callback, does not count
    { code: fn(`let q = client.from('webhook_secrets').select(); if (hint) q = q.eq('org_id', hint); return q;`), errors: [missing] },
    { code: fn(`let q = client.from('leads').select(); q = hint ? q.eq('org_id', orgId) : q; return q;`), errors: [missing] },
    { code: fn(`const q = client.from('leads').select(); later(() => q.eq('org_id', orgId)); return q;`), errors: [missing] },
    // a helper that is not declared scoped
    { code: fn(`return filterStuff(client.from('leads').select(), orgId);`), errors: [missing] },
    // inserts and upserts must set org_id on every row
    { code: fn(`await admin.from('security_audit_log').insert({ event: 'x', route: '/r' });`), errors: [rowsMissing] },
    { code: fn(`await admin.from('leads').insert(rows);`), errors: [{ ...rowsMissing, data: { op: 'insert', table: 'leads', column: 'org_id' } }] },
    { code: fn(`await admin.from('leads').insert([{ org_id: orgId, name: 'a' }, { name: 'b' }]);`), errors: [rowsMissing] },
    { code: fn(`await admin.from('leads').upsert({ id, name: 'x' }).eq('org_id', orgId);`), errors: [rowsMissing] },
    { code: fn(`await admin.from('leads').insert(rows.map((r) => ({ name: r })));`), errors: [rowsMissing] },
    { code: fn(`let row = { org_id: orgId }; row = rows[0]; await admin.from('leads').insert(row);`), errors: [rowsMissing] },
    // rpc to an org-scoped function without p_org_id
    { code: fn(`return client.rpc('claim_upload_batch', { p_limit: 1, p_lease_seconds: 60 });`), errors: [{ messageId: 'rpcMissingOrg' }] },
    { code: fn(`return client.rpc('reclaim_expired_uploads', input);`), errors: [{ messageId: 'rpcMissingOrg' }] },
    // two queries, one error, reported on the .from(...) of the unscoped one
    {
      code: fn(`const a = await client.from('leads').select().eq('org_id', orgId);\nconst b = await client\n  .from('campaigns')\n  .select();`),
      errors: [{ ...missing, line: 4, column: 4 }],
    },
    // options
    { code: fn(`return client.from('widgets').select().eq('org_id', orgId);`), options: [{ tables: ['widgets'], orgColumn: 'tenant_id' }], errors: [missing] },
  ],
});
