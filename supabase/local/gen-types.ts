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
    const fns = await client.query<{ name: string; ret: string }>(
      `select p.proname as name, format_type(p.prorettype, null) as ret
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and p.pronargs = 0 and p.prokind = 'f'
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
    for (const f of fns.rows) out.push(`      ${f.name}: { Args: never; Returns: ${tsType(f.ret === 'uuid' ? 'uuid' : f.ret === 'text' ? 'text' : f.ret)} };`);
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
