// Generates lib/database.types.ts from the live schema (the shape `supabase gen types typescript`
// emits), so the typed clients follow the migrations. A test keeps the committed file in sync.
import pg from 'pg';

const TS_TYPES: Record<string, string> = {
  uuid: 'string', text: 'string', varchar: 'string', bpchar: 'string', citext: 'string', inet: 'string',
  timestamptz: 'string', timestamp: 'string', date: 'string', time: 'string', interval: 'string',
  int2: 'number', int4: 'number', int8: 'number', float4: 'number', float8: 'number', numeric: 'number',
  bool: 'boolean', json: 'Json', jsonb: 'Json', tsvector: 'unknown', bytea: 'string',
};

function tsType(udt: string): string {
  if (udt.startsWith('_')) return `${tsType(udt.slice(1))}[]`;
  return TS_TYPES[udt] ?? 'unknown';
}

export async function generateTypes(dbUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const cols = await client.query<{
      table_name: string; column_name: string; udt_name: string; is_nullable: string;
      column_default: string | null; is_generated: string; is_identity: string;
    }>(
      `select c.table_name, c.column_name, c.udt_name, c.is_nullable, c.column_default, c.is_generated, c.is_identity
       from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
       where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
       order by c.table_name, c.column_name`,
    );
    // Callable functions (RPC): input args (optional when they have a default) and, for RETURNS
    // TABLE / SETOF, the row shape as an array, like `supabase gen types`. Trigger functions are not
    // callable through the API and are left out.
    const fns = await client.query<{
      name: string; ret: string; retset: boolean; nargs: number; ndefaults: number;
      argnames: string[] | null; argmodes: string[] | null; argtypes: string[];
    }>(
      `select p.proname as name, rt.typname as ret, p.proretset as retset, p.pronargs as nargs,
              p.pronargdefaults as ndefaults, p.proargnames as argnames, p.proargmodes::text[] as argmodes,
              array(select t.typname::text
                    from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality as a(oid, ord)
                    join pg_type t on t.oid = a.oid order by a.ord) as argtypes
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_type rt on rt.oid = p.prorettype
       where n.nspname = 'public' and p.prokind = 'f' and rt.typname <> 'trigger'
       order by 1`,
    );
    const tables = new Map<string, typeof cols.rows>();
    for (const c of cols.rows) tables.set(c.table_name, [...(tables.get(c.table_name) ?? []), c]);

    const out: string[] = [];
    out.push('// Generated from the database schema by `npm run gen:types`. Do not edit by hand.');
    out.push('export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[];');
    out.push('');
    out.push('export type Database = {');
    out.push('  __InternalSupabase: { PostgrestVersion: "12" };');
    out.push('  public: {');
    out.push('    Tables: {');
    for (const [table, columns] of tables) {
      const row = columns.map((c) => `          ${c.column_name}: ${tsType(c.udt_name)}${c.is_nullable === 'YES' ? ' | null' : ''};`);
      const insert = columns.map((c) => {
        const generated = c.is_generated === 'ALWAYS' || (c.is_identity === 'YES' && c.column_default === null && false);
        if (c.is_generated === 'ALWAYS') return `          ${c.column_name}?: never;`;
        const optional = c.is_nullable === 'YES' || c.column_default !== null || c.is_identity === 'YES' || generated;
        return `          ${c.column_name}${optional ? '?' : ''}: ${tsType(c.udt_name)}${c.is_nullable === 'YES' ? ' | null' : ''};`;
      });
      const update = columns.map((c) =>
        c.is_generated === 'ALWAYS'
          ? `          ${c.column_name}?: never;`
          : `          ${c.column_name}?: ${tsType(c.udt_name)}${c.is_nullable === 'YES' ? ' | null' : ''};`,
      );
      out.push(`      ${table}: {`);
      out.push('        Row: {', ...row, '        };');
      out.push('        Insert: {', ...insert, '        };');
      out.push('        Update: {', ...update, '        };');
      out.push('        Relationships: [];');
      out.push('      };');
    }
    out.push('    };');
    out.push('    Views: { [_ in never]: never };');
    out.push('    Functions: {');
    for (const f of fns.rows) out.push(...functionType(f));
    out.push('    };');
    out.push('    Enums: { [_ in never]: never };');
    out.push('    CompositeTypes: { [_ in never]: never };');
    out.push('  };');
    out.push('};');
    out.push('');
    return out.join('\n');
  } finally {
    await client.end();
  }
}

interface FnRow {
  name: string; ret: string; retset: boolean; nargs: number; ndefaults: number;
  argnames: string[] | null; argmodes: string[] | null; argtypes: string[];
}

function functionType(f: FnRow): string[] {
  const params = f.argtypes.map((type, i) => ({ type, name: f.argnames?.[i] ?? `arg${i}`, mode: f.argmodes?.[i] ?? 'i' }));
  const inputs = params.filter((p) => p.mode === 'i' || p.mode === 'b' || p.mode === 'v');
  const outputs = params.filter((p) => p.mode === 'o' || p.mode === 'b' || p.mode === 't');
  if (f.nargs === 0 && outputs.length === 0) {
    return [`      ${f.name}: { Args: never; Returns: ${f.retset ? `${tsType(f.ret)}[]` : tsType(f.ret)} };`];
  }
  const firstOptional = inputs.length - f.ndefaults;
  const args = inputs
    .map((p, i) => ({ line: `          ${p.name}${i >= firstOptional ? '?' : ''}: ${tsType(p.type)};`, name: p.name }))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((a) => a.line);
  const lines = [`      ${f.name}: {`, args.length ? '        Args: {' : '        Args: never;', ...(args.length ? [...args, '        };'] : [])];
  if (outputs.length > 0) {
    const cols = outputs.map((p) => `          ${p.name}: ${tsType(p.type)};`).sort();
    lines.push('        Returns: {', ...cols, f.retset ? '        }[];' : '        };');
  } else {
    const base = f.ret === 'void' ? 'undefined' : tsType(f.ret);
    lines.push(`        Returns: ${f.retset ? `${base}[]` : base};`);
  }
  lines.push('      };');
  return lines;
}
