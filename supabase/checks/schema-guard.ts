// Schema guard: structural rules every migration must keep. Returns findings; an empty list is a pass.
// Runs against any Postgres with the schema applied (local stack, CI, or a hosted project's DB URL).
import type pg from 'pg';

export interface Finding {
  rule: string;
  object: string;
  detail: string;
}

type Queryable = Pick<pg.Client, 'query'>;

const COMMANDS: Record<string, string> = { r: 'select', a: 'insert', w: 'update', d: 'delete' };

export async function runSchemaGuard(db: Queryable): Promise<Finding[]> {
  const findings: Finding[] = [];

  // 1. Every public table has RLS enabled and forced.
  const tables = await db.query<{ name: string; rls: boolean; forced: boolean }>(
    `select c.relname as name, c.relrowsecurity as rls, c.relforcerowsecurity as forced
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p')`,
  );
  for (const t of tables.rows) {
    if (!t.rls) findings.push({ rule: 'rls_disabled', object: `public.${t.name}`, detail: 'row level security is not enabled' });
    else if (!t.forced) findings.push({ rule: 'rls_not_forced', object: `public.${t.name}`, detail: 'row level security is not forced' });
  }

  // 2. Tables with org_id: not null, an index leading on org_id, one policy per command to authenticated.
  const orgTables = await db.query<{ name: string; attnum: number; notnull: boolean }>(
    `select c.relname as name, a.attnum, a.attnotnull as notnull
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     join pg_attribute a on a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped
     where n.nspname = 'public' and c.relkind in ('r', 'p')`,
  );
  for (const t of orgTables.rows) {
    const obj = `public.${t.name}`;
    if (!t.notnull) findings.push({ rule: 'org_id_nullable', object: obj, detail: 'org_id must be NOT NULL' });
    const idx = await db.query(
      `select 1 from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relname = $1 and i.indkey[0] = $2`,
      [t.name, t.attnum],
    );
    if (idx.rowCount === 0) findings.push({ rule: 'org_id_unindexed', object: obj, detail: 'no index leads on org_id' });
    const pols = await db.query<{ cmd: string; roles: string[]; permissive: boolean }>(
      `select p.polcmd as cmd, p.polpermissive as permissive,
              array(select coalesce(r.rolname::text, 'public') from unnest(p.polroles) as x(oid) left join pg_roles r on r.oid = x.oid)::text[] as roles
       from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relname = $1`,
      [t.name],
    );
    for (const [code, name] of Object.entries(COMMANDS)) {
      const matching = pols.rows.filter((p) => p.cmd === code && p.permissive);
      if (matching.length === 0) findings.push({ rule: 'policy_missing', object: obj, detail: `no ${name} policy` });
      if (matching.length > 1) findings.push({ rule: 'multiple_permissive_policies', object: obj, detail: `${matching.length} ${name} policies` });
    }
    for (const p of pols.rows) {
      if (p.cmd === '*') findings.push({ rule: 'policy_for_all', object: obj, detail: 'write one policy per command, not FOR ALL' });
      if (!(p.roles.length === 1 && p.roles[0] === 'authenticated')) {
        findings.push({ rule: 'policy_role', object: obj, detail: `policy applies to ${p.roles.join(', ')}; expected authenticated only` });
      }
    }
  }

  // 3. Policies (public and storage): no user_metadata, claim functions wrapped in (select ...),
  //    and every function they call — directly or through other functions — STABLE and free of user_metadata.
  const policies = await db.query<{ schema: string; tbl: string; name: string; expr: string }>(
    `select n.nspname as schema, c.relname as tbl, p.polname as name,
            coalesce(pg_get_expr(p.polqual, p.polrelid), '') || ' ' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '') as expr
     from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname in ('public', 'storage')`,
  );
  const functions = await db.query<{ schema: string; name: string; volatility: string; def: string }>(
    `select n.nspname as schema, p.proname as name, p.provolatile as volatility,
            case when p.prokind = 'f' then pg_get_functiondef(p.oid) else '' end as def
     from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname in ('public', 'auth', 'storage')`,
  );
  const byName = new Map<string, (typeof functions.rows)[number][]>();
  for (const f of functions.rows) byName.set(f.name, [...(byName.get(f.name) ?? []), f]);
  const called = (text: string) =>
    [...text.matchAll(/([a-z_][a-z0-9_]*)\s*\(/gi)].map((m) => m[1].toLowerCase()).filter((n) => byName.has(n));

  for (const pol of policies.rows) {
    const obj = `${pol.schema}.${pol.tbl} policy ${pol.name}`;
    if (/user_metadata|raw_user_meta_data/i.test(pol.expr)) {
      findings.push({ rule: 'rls_references_user_metadata', object: obj, detail: 'policy reads user-editable metadata' });
    }
    // pg_get_expr prints a wrapped call as "( SELECT auth_org_id() AS auth_org_id)".
    for (const fn of ['auth_org_id', 'auth_org_role', 'uid', 'jwt', 'role']) {
      const all = [...pol.expr.matchAll(new RegExp(`\\b${fn}\\(\\)`, 'g'))].length;
      const wrapped = [...pol.expr.matchAll(new RegExp(`SELECT (?:[a-z_]+\\.)?${fn}\\(\\) AS`, 'g'))].length;
      if (all > wrapped) findings.push({ rule: 'auth_rls_initplan', object: obj, detail: `${fn}() is not wrapped in (select ...)` });
    }
    const seen = new Set<string>();
    const queue = called(pol.expr);
    while (queue.length) {
      const name = queue.shift()!;
      if (seen.has(name)) continue;
      seen.add(name);
      for (const f of byName.get(name) ?? []) {
        if (f.volatility === 'v') findings.push({ rule: 'policy_function_volatile', object: obj, detail: `${f.schema}.${f.name} is VOLATILE` });
        if (/user_metadata|raw_user_meta_data/i.test(f.def)) {
          findings.push({ rule: 'rls_references_user_metadata', object: obj, detail: `${f.schema}.${f.name} reads user-editable metadata` });
        }
        queue.push(...called(f.def.replace(/^[\s\S]*?\bAS\b/i, '')));
      }
    }
  }

  // 4. Views in public run with the caller's rights.
  const views = await db.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'v'
       and not coalesce(c.reloptions @> array['security_invoker=true'] or c.reloptions @> array['security_invoker=on'], false)`,
  );
  for (const v of views.rows) findings.push({ rule: 'security_definer_view', object: `public.${v.name}`, detail: 'view lacks security_invoker' });

  return findings;
}
