// What the grant and revoke statements of supabase/migrations say the API roles may do in public,
// replayed in order from nothing (a new hosted project grants nothing by default). Compared with
// the database's actual ACLs by tests/integration/api-grants.test.ts, so every privilege an API
// role holds must come from a migration. Knows the statement forms our migrations use; dynamic SQL
// inside DO blocks is not read (it may only revoke: see the test).
import { readFileSync } from 'node:fs';
import { listMigrations } from '../../supabase/local/migrate.ts';

export const API_ROLES = ['anon', 'authenticated', 'service_role', 'public'] as const;
type ApiRole = (typeof API_ROLES)[number];

const TABLE_PRIVILEGES = ['select', 'insert', 'update', 'delete', 'truncate', 'references', 'trigger', 'maintain'];
const SEQUENCE_PRIVILEGES = ['usage', 'select', 'update'];

/** `table:<name>:<privilege>:<role>`, `column:<table>.<column>:<privilege>:<role>`, `function:<name>:execute:<role>`. */
export type Privilege = string;

export function statementsOf(sql: string): string[] {
  const withoutBodies = sql
    .replace(/--[^\n]*/g, '')
    .replace(/\$([a-z_]*)\$[\s\S]*?\$\1\$/gi, "''");
  return withoutBodies
    .split(';')
    .map((s) => s.replace(/\s+/g, ' ').trim().toLowerCase())
    .filter(Boolean);
}

const name = (raw: string) => raw.trim().replace(/^public\./, '').replace(/"/g, '');
const splitList = (s: string) => {
  // Split on commas outside parentheses (function argument lists, column lists).
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
};

export function expectedPrivileges(files = listMigrations().map((m) => m.file)): Set<Privilege> {
  const granted = new Set<Privilege>();
  const tables = new Set<string>();
  const functions = new Set<string>();
  const sequences = new Set<string>();
  let functionsExecutableByPublic = true;

  const apply = (grant: boolean, keys: Privilege[]) => {
    for (const k of keys) {
      if (grant) granted.add(k);
      else {
        granted.delete(k);
        // Revoking a table privilege revokes the same privilege on each of its columns.
        const [kind, obj, priv, role] = k.split(':');
        if (kind === 'table') {
          for (const g of [...granted]) {
            const [gk, gobj, gpriv, grole] = g.split(':');
            if (gk === 'column' && gobj.startsWith(`${obj}.`) && gpriv === priv && grole === role) granted.delete(g);
          }
        }
      }
    }
  };

  for (const file of files) {
    for (const stmt of statementsOf(readFileSync(file, 'utf8'))) {
      let m = /^create (?:unlogged )?table (?:if not exists )?public\.("?\w+"?)/.exec(stmt);
      if (m) {
        tables.add(name(m[1]));
        continue;
      }
      m = /^create (?:or replace )?function public\.(\w+)\s*\(/.exec(stmt);
      if (m) {
        if (!functions.has(m[1]) && functionsExecutableByPublic) granted.add(`function:${m[1]}:execute:public`);
        functions.add(m[1]);
        continue;
      }
      m = /^create sequence (?:if not exists )?public\.(\w+)/.exec(stmt);
      if (m) {
        sequences.add(m[1]);
        continue;
      }
      if (/^alter default privileges revoke execute on functions from public$/.test(stmt)) {
        functionsExecutableByPublic = false;
        continue;
      }
      if (/^alter default privileges/.test(stmt)) throw new Error(`migration-grants: unsupported statement in ${file}: ${stmt}`);

      m = /^(grant|revoke) (.+?) on (.+) (?:to|from) ([\w ,]+?)(?: with grant option)?(?: cascade| restrict)?$/.exec(stmt);
      if (!m) continue;
      const grant = m[1] === 'grant';
      const privs = m[2];
      const target = m[3].trim();
      const roles = splitList(m[4]).filter((r): r is ApiRole => (API_ROLES as readonly string[]).includes(r));
      if (roles.length === 0) continue;

      let all = /^all (tables|sequences|functions|routines) in schema (\w+)$/.exec(target);
      if (all) {
        if (all[2] !== 'public') continue;
        const kind = all[1];
        const objs = kind === 'tables' ? [...tables] : kind === 'sequences' ? [...sequences] : [...functions];
        const keys = objs.flatMap((o) => expand(kind === 'tables' ? 'table' : kind === 'sequences' ? 'sequence' : 'function', o, privs, roles));
        apply(grant, keys);
        continue;
      }
      let fn = /^(?:function|routine) (.+)$/.exec(target);
      if (fn) {
        const objs = splitList(fn[1]).map((f) => f.replace(/\(.*$/s, '').trim());
        if (objs.some((o) => !o.startsWith('public.'))) continue;
        apply(grant, objs.flatMap((o) => expand('function', name(o), privs, roles)));
        continue;
      }
      if (/^(schema|database|sequence) /.test(target) && !/^sequence public\./.test(target)) continue;
      const seq = /^sequence (.+)$/.exec(target);
      if (seq) {
        apply(grant, splitList(seq[1]).flatMap((o) => expand('sequence', name(o), privs, roles)));
        continue;
      }
      const objs = splitList(target.replace(/^table /, ''));
      if (objs.some((o) => !o.startsWith('public.'))) continue;
      apply(grant, objs.flatMap((o) => expand('table', name(o), privs, roles)));
      all = null;
      fn = null;
    }
  }
  return granted;
}

function expand(kind: 'table' | 'sequence' | 'function', obj: string, privs: string, roles: ApiRole[]): Privilege[] {
  const out: Privilege[] = [];
  for (const p of splitList(privs)) {
    const col = /^(\w+)\s*\((.+)\)$/.exec(p);
    if (col) {
      if (kind !== 'table') throw new Error(`migration-grants: column list on a ${kind}: ${p}`);
      for (const c of splitList(col[2])) for (const r of roles) out.push(`column:${obj}.${c.trim()}:${col[1]}:${r}`);
      continue;
    }
    const word = p.replace(/ privileges$/, '').trim();
    const list =
      word === 'all'
        ? kind === 'table'
          ? TABLE_PRIVILEGES
          : kind === 'sequence'
            ? SEQUENCE_PRIVILEGES
            : ['execute']
        : [word];
    for (const priv of list) for (const r of roles) out.push(`${kind === 'sequence' ? 'table' : kind}:${obj}:${priv}:${r}`);
  }
  return out;
}

/** The same shape, read from the database's ACLs (table, sequence, view, column and function). */
export const ACTUAL_PRIVILEGES_SQL = `
  with api(oid, rolname) as (
    select oid, rolname from pg_roles where rolname in ('anon', 'authenticated', 'service_role')
    union all select 0::oid, 'public'
  )
  select 'table:' || c.relname || ':' || lower(a.privilege_type) || ':' || api.rolname as key
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    cross join lateral aclexplode(coalesce(c.relacl, acldefault(case when c.relkind = 'S' then 's' else 'r' end::"char", c.relowner))) a
    join api on api.oid = a.grantee
   where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
  union all
  select 'column:' || c.relname || '.' || att.attname || ':' || lower(a.privilege_type) || ':' || api.rolname
    from pg_attribute att
    join pg_class c on c.oid = att.attrelid
    join pg_namespace n on n.oid = c.relnamespace
    cross join lateral aclexplode(att.attacl) a
    join api on api.oid = a.grantee
   where n.nspname = 'public' and att.attacl is not null and not att.attisdropped
  union all
  select 'function:' || p.proname || ':' || lower(a.privilege_type) || ':' || api.rolname
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    cross join lateral aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
    join api on api.oid = a.grantee
   where n.nspname = 'public'
     and not exists (select from pg_depend d where d.objid = p.oid and d.deptype = 'e')
`;
