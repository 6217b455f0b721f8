// Generates lib/database.types.ts from the live schema, in the shape and the formatting that
// `supabase gen types typescript` produces (postgres-meta's TypeScript generator, printed by
// prettier with `semi: false`), so that the official CLI run against the same database would
// write the same file. A test (tests/integration/database-types.test.ts) fails when the committed
// file and the migrations drift apart.
//
// Why not the CLI itself: the pinned Supabase CLI (2.117) runs postgres-meta as a Docker container
// for every source, `--db-url` included. Without a Docker daemon, as on this project's machines,
// `npx supabase gen types typescript --db-url <url> --schema public` stops with
//   failed to inspect docker image: Cannot connect to the Docker daemon at
//   unix:///var/run/docker.sock. Is the docker daemon running?
// Where Docker is available, that command is a cross-check: apart from `__InternalSupabase` (which
// the CLI adds for `--linked` / `--project-id`, not for `--db-url`) its output should be identical.
//
// Only schema `public` is generated. The catalog is read from pg_catalog only (no
// information_schema views, which hide objects the login holds no privilege on), so the result is
// the same for a superuser, for a non-superuser `postgres` login and for an API role.
//
// Supported: tables (incl. partitioned and foreign), columns of base, domain, array, enum,
// composite and row types, identity and generated columns, foreign keys as Relationships,
// functions (named or json/jsonb/text unnamed arguments, defaults, overloads, RETURNS TABLE,
// SETOF, table-row results), enums and composite types. Views, materialized views, computed
// fields (a function over a table row) and ambiguous overloads are refused with an error rather
// than emitted differently from the CLI: extend this file when the schema first needs one.
import pg from 'pg';

const SCHEMA = 'public';
const POSTGREST_VERSION = '12';
const PRINT_WIDTH = 80;

type Queryable = Pick<pg.ClientBase, 'query'>;

/** Generates the file for the database at `db` (a connection URL, or an open connection). */
export async function generateTypes(db: string | Queryable): Promise<string> {
  if (typeof db !== 'string') return renderTypes(await readCatalog(db));
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    return renderTypes(await readCatalog(client));
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Catalog

interface Column {
  name: string;
  /** Type name; for a domain, the name of its base type. */
  type: string;
  nullable: boolean;
  hasDefault: boolean;
  /** pg_attribute.attidentity: '' (none), 'a' (ALWAYS) or 'd' (BY DEFAULT). */
  identity: string;
}

interface Relation {
  id: string;
  name: string;
  /** pg_class.relkind */
  kind: string;
  columns: Column[];
}

interface ForeignKey {
  name: string;
  relation: string;
  columns: string[];
  isOneToOne: boolean;
  referencedSchema: string;
  referencedRelation: string;
  referencedColumns: string[];
}

interface FunctionArg {
  /** pg_proc.proargmodes: i, o, b (inout), v (variadic), t (table). */
  mode: string;
  /** '' when unnamed. */
  name: string;
  type: string;
  hasDefault: boolean;
  /** For a row or composite type: its relkind and format_type name. */
  relkind: string | null;
  relationType: string | null;
}

interface DbFunction {
  name: string;
  argumentTypes: string;
  result: string;
  args: FunctionArg[];
  returnType: string;
  returnRelationId: string | null;
  returnRelkind: string | null;
  returnRelationSchema: string | null;
  isSetReturning: boolean;
  rows: number | null;
}

interface EnumType {
  schema: string;
  name: string;
  labels: string[];
}

interface CompositeType {
  schema: string;
  name: string;
  attributes: { name: string; type: string }[];
}

interface Catalog {
  relations: Relation[];
  foreignKeys: ForeignKey[];
  functions: DbFunction[];
  enums: EnumType[];
  composites: CompositeType[];
}

async function readCatalog(db: Queryable): Promise<Catalog> {
  const relations = await db.query<{ id: string; name: string; kind: string }>(
    `select c.oid::text as id, c.relname as name, c.relkind::text as kind
     from pg_catalog.pg_class c
     join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where n.nspname = $1 and c.relkind in ('r', 'p', 'f', 'v', 'm')`,
    [SCHEMA],
  );
  const columns = await db.query<Column & { relation_id: string; has_default: boolean }>(
    `select a.attrelid::text as relation_id, a.attname as name,
            coalesce(bt.typname, t.typname) as type,
            not (a.attnotnull or (t.typtype = 'd' and t.typnotnull)) as nullable,
            a.atthasdef as has_default,
            a.attidentity::text as identity
     from pg_catalog.pg_attribute a
     join pg_catalog.pg_class c on c.oid = a.attrelid
     join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     join pg_catalog.pg_type t on t.oid = a.atttypid
     left join pg_catalog.pg_type bt on t.typtype = 'd' and bt.oid = t.typbasetype
     where n.nspname = $1 and c.relkind in ('r', 'p', 'f', 'v', 'm')
       and a.attnum > 0 and not a.attisdropped
     order by a.attrelid, a.attnum`,
    [SCHEMA],
  );
  // Foreign keys declared on the schema's tables (not the copies Postgres makes for partitions).
  // One-to-one when the referencing columns, in key order, are exactly a primary key or unique
  // constraint of the referencing table (columns in table order), as PostgREST decides.
  const foreignKeys = await db.query<{
    name: string; relation: string; columns: string[]; is_one_to_one: boolean;
    referenced_schema: string; referenced_relation: string; referenced_columns: string[];
  }>(
    `with fk as (
       select con.oid, con.conname, con.conrelid, con.confrelid,
              array(select a.attname::text
                    from unnest(con.conkey) with ordinality as k(attnum, ord)
                    join pg_catalog.pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum
                    order by k.ord) as columns,
              array(select a.attname::text
                    from unnest(con.confkey) with ordinality as k(attnum, ord)
                    join pg_catalog.pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum
                    order by k.ord) as referenced_columns
       from pg_catalog.pg_constraint con
       join pg_catalog.pg_namespace n on n.oid = con.connamespace
       where con.contype = 'f' and con.conparentid = 0 and n.nspname = $1
     )
     select fk.conname as name, src.relname as relation, fk.columns,
            exists (select 1 from pg_catalog.pg_constraint u
                    where u.conrelid = fk.conrelid and u.contype in ('p', 'u')
                      and array(select a.attname::text from pg_catalog.pg_attribute a
                                where a.attrelid = u.conrelid and a.attnum = any (u.conkey)
                                order by a.attnum) = fk.columns) as is_one_to_one,
            dn.nspname as referenced_schema, dst.relname as referenced_relation, fk.referenced_columns
     from fk
     join pg_catalog.pg_class src on src.oid = fk.conrelid
     join pg_catalog.pg_class dst on dst.oid = fk.confrelid
     join pg_catalog.pg_namespace dn on dn.oid = dst.relnamespace`,
    [SCHEMA],
  );
  // Callable functions; trigger functions cannot be called through the API and are left out.
  const functions = await db.query<{
    name: string; argument_types: string; result: string; nargs: number; ndefaults: number;
    args: { mode: string; name: string; type: string; relkind: string | null; relation_type: string | null }[];
    return_type: string; return_relation_id: string | null; return_relkind: string | null;
    return_relation_schema: string | null; retset: boolean; prorows: number | null;
  }>(
    `select p.proname as name,
            pg_catalog.pg_get_function_arguments(p.oid) as argument_types,
            pg_catalog.pg_get_function_result(p.oid) as result,
            p.pronargs as nargs, p.pronargdefaults as ndefaults,
            coalesce((
              select json_agg(json_build_object(
                       'mode', coalesce(p.proargmodes[a.ord]::text, 'i'),
                       'name', coalesce(p.proargnames[a.ord], ''),
                       'type', t.typname,
                       'relkind', tc.relkind,
                       'relation_type', case when tc.oid is not null
                                             then pg_catalog.format_type(t.oid, null) end)
                       order by a.ord)
              from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality as a(type_id, ord)
              join pg_catalog.pg_type t on t.oid = a.type_id
              left join pg_catalog.pg_class tc on tc.oid = t.typrelid
            ), '[]') as args,
            rt.typname as return_type,
            nullif(rt.typrelid, 0)::text as return_relation_id,
            rc.relkind::text as return_relkind,
            rn.nspname as return_relation_schema,
            p.proretset as retset,
            case when p.proretset then nullif(p.prorows, 0)::float8 end as prorows
     from pg_catalog.pg_proc p
     join pg_catalog.pg_namespace n on n.oid = p.pronamespace
     join pg_catalog.pg_type rt on rt.oid = p.prorettype
     left join pg_catalog.pg_class rc on rc.oid = rt.typrelid
     left join pg_catalog.pg_namespace rn on rn.oid = rc.relnamespace
     where n.nspname = $1 and p.prokind = 'f'
       and not (rt.typnamespace = 'pg_catalog'::regnamespace and rt.typname in ('trigger', 'event_trigger'))`,
    [SCHEMA],
  );
  // Enum and composite types of every schema: a column or argument of any schema's enum is
  // typed by its labels.
  const enums = await db.query<EnumType>(
    `select n.nspname as schema, t.typname as name,
            array_agg(e.enumlabel::text order by e.enumsortorder) as labels
     from pg_catalog.pg_enum e
     join pg_catalog.pg_type t on t.oid = e.enumtypid
     join pg_catalog.pg_namespace n on n.oid = t.typnamespace
     group by n.nspname, t.typname`,
  );
  const composites = await db.query<CompositeType>(
    `select n.nspname as schema, t.typname as name,
            json_agg(json_build_object('name', a.attname, 'type', at.typname) order by a.attnum) as attributes
     from pg_catalog.pg_type t
     join pg_catalog.pg_namespace n on n.oid = t.typnamespace
     join pg_catalog.pg_class c on c.oid = t.typrelid and c.relkind = 'c'
     join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
     join pg_catalog.pg_type at on at.oid = a.atttypid
     group by n.nspname, t.typname`,
  );

  const byRelation = new Map<string, Column[]>();
  for (const c of columns.rows) {
    const list = byRelation.get(c.relation_id) ?? [];
    list.push({ name: c.name, type: c.type, nullable: c.nullable, hasDefault: c.has_default, identity: c.identity });
    byRelation.set(c.relation_id, list);
  }
  return {
    relations: relations.rows.map((r) => ({ ...r, columns: byRelation.get(r.id) ?? [] })),
    foreignKeys: foreignKeys.rows.map((f) => ({
      name: f.name,
      relation: f.relation,
      columns: f.columns,
      isOneToOne: f.is_one_to_one,
      referencedSchema: f.referenced_schema,
      referencedRelation: f.referenced_relation,
      referencedColumns: f.referenced_columns,
    })),
    functions: functions.rows.map((f) => {
      // The last `ndefaults` input arguments have defaults.
      let inputsLeft = f.nargs;
      const args = f.args.map((a) => {
        const isInput = ['i', 'b', 'v'].includes(a.mode);
        const hasDefault = isInput && inputsLeft-- <= f.ndefaults;
        return { mode: a.mode, name: a.name, type: a.type, hasDefault, relkind: a.relkind, relationType: a.relation_type };
      });
      return {
        name: f.name,
        argumentTypes: f.argument_types,
        result: f.result,
        args,
        returnType: f.return_type,
        returnRelationId: f.return_relation_id,
        returnRelkind: f.return_relkind,
        returnRelationSchema: f.return_relation_schema,
        isSetReturning: f.retset,
        rows: f.prorows,
      };
    }),
    enums: enums.rows,
    composites: composites.rows,
  };
}

// ---------------------------------------------------------------------------------------------
// Types, as postgres-meta maps them

const collator = new Intl.Collator('en-US');
const byName = <T extends { name: string }>(a: T, b: T) => collator.compare(a.name, b.name);

const NUMBER_TYPES = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric']);
const STRING_TYPES = new Set([
  'bytea', 'bpchar', 'varchar', 'date', 'text', 'citext', 'time', 'timetz', 'timestamp',
  'timestamptz', 'uuid', 'vector', 'interval',
]);
const INPUT_MODES = new Set(['i', 'b', 'v']);
// json, jsonb and text: the types PostgREST accepts for a single unnamed argument.
const UNNAMED_ARG_TYPES = new Set(['json', 'jsonb', 'text']);
const ROW_RELKINDS = new Set(['c', 'r', 'v', 'm', 'p']);

class TypeMapper {
  constructor(private readonly catalog: Catalog) {}

  /** TypeScript union members for a Postgres type name. */
  members(pgType: string): string[] {
    if (pgType === 'bool') return ['boolean'];
    if (NUMBER_TYPES.has(pgType)) return ['number'];
    if (STRING_TYPES.has(pgType)) return ['string'];
    if (pgType === 'json' || pgType === 'jsonb') return ['Json'];
    if (pgType === 'void') return ['undefined'];
    if (pgType === 'record') return ['Record<string, unknown>'];
    if (pgType.startsWith('_')) {
      const inner = this.members(pgType.slice(1));
      return [`${inner.length > 1 ? `(${inner.join(' | ')})` : inner[0]}[]`];
    }
    const named = <T extends { schema: string; name: string }>(list: T[]) => {
      const matches = list.filter((t) => t.name === pgType);
      return matches.find((t) => t.schema === SCHEMA) ?? matches[0];
    };
    const enumType = named(this.catalog.enums);
    if (enumType) {
      return enumType.schema === SCHEMA
        ? [`Database[${str(SCHEMA)}]["Enums"][${str(enumType.name)}]`]
        : enumType.labels.map(str);
    }
    const composite = named(this.catalog.composites);
    if (composite) {
      return [composite.schema === SCHEMA ? `Database[${str(SCHEMA)}]["CompositeTypes"][${str(composite.name)}]` : 'unknown'];
    }
    const relation = this.catalog.relations.find((r) => r.name === pgType && ['r', 'p', 'v'].includes(r.kind));
    if (relation) {
      return [`Database[${str(SCHEMA)}][${str(relation.kind === 'v' ? 'Views' : 'Tables')}][${str(relation.name)}]["Row"]`];
    }
    return ['unknown'];
  }

  type(pgType: string, nullable = false): TsType {
    const members = this.members(pgType);
    if (nullable && members[0] !== 'unknown') members.push('null');
    return members.length === 1 ? text(members[0]) : { kind: 'union', members: members.map(text) };
  }
}

// ---------------------------------------------------------------------------------------------
// A small model of the TypeScript that is printed, and prettier's layout for it

type TsType =
  | { kind: 'text'; text: string }
  | { kind: 'union'; members: TsType[] }
  /** `expanded`: always printed one member per line (prettier keeps an object broken when the
   *  source breaks the line after `{`, which the CLI's template does for these objects). */
  | { kind: 'object'; members: Member[]; expanded: boolean }
  | { kind: 'array'; element: TsType }
  | { kind: 'tuple'; elements: TsType[] };

type Member = { key: string; optional?: boolean; type: TsType } | { raw: string };

const text = (t: string): TsType => ({ kind: 'text', text: t });
const object = (members: Member[], expanded = true): TsType => ({ kind: 'object', members, expanded });
const NEVER_MEMBER: Member = { raw: '[_ in never]: never' };

/** A string literal as prettier prints it: double quotes unless that needs more escapes. */
function str(value: string): string {
  const doubles = value.split('"').length - 1;
  const singles = value.split("'").length - 1;
  const json = JSON.stringify(value);
  if (doubles <= singles) return json;
  return `'${json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/** A property key: bare when it is an identifier, quoted otherwise. */
function key(name: string): string {
  return /^[$_\p{L}\p{Nl}][$_\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}\u200c\u200d]*$/u.test(name) ? name : str(name);
}

function indent(n: number): string {
  return ' '.repeat(n);
}

/** The one-line form, or null when the type must break. */
function flat(t: TsType): string | null {
  switch (t.kind) {
    case 'text':
      return t.text;
    case 'union': {
      const parts = t.members.map(flat);
      return parts.includes(null) ? null : parts.join(' | ');
    }
    case 'array': {
      const inner = flat(t.element);
      return inner === null ? null : `${inner}[]`;
    }
    case 'tuple': {
      const parts = t.elements.map(flat);
      return parts.includes(null) ? null : `[${parts.join(', ')}]`;
    }
    case 'object': {
      if (t.members.length === 0) return '{}';
      if (t.expanded) return null;
      const parts = t.members.map((m) => {
        if ('raw' in m) return m.raw;
        const value = flat(m.type);
        return value === null ? null : `${key(m.key)}${m.optional ? '?' : ''}: ${value}`;
      });
      return parts.includes(null) ? null : `{ ${parts.join('; ')} }`;
    }
  }
}

/**
 * Prints `t` starting at column `column` on a line indented by `level`; `tail` is the width of
 * what follows on the same line.
 */
function print(t: TsType, level: number, column: number, tail = 0): string {
  const oneLine = flat(t);
  if (oneLine !== null && column + oneLine.length + tail <= PRINT_WIDTH) return oneLine;
  switch (t.kind) {
    case 'text':
      return t.text;
    case 'union':
      return t.members.map((m) => print(m, level, column)).join(' | ');
    case 'array':
      return `${print(t.element, level, column, tail + 2)}[]`;
    case 'tuple':
      if (t.elements.length === 0) return '[]';
      return `[\n${t.elements.map((e) => `${indent(level + 2)}${print(e, level + 2, level + 2, 1)},\n`).join('')}${indent(level)}]`;
    case 'object':
      if (t.members.length === 0) return '{}';
      return `{\n${t.members.map((m) => `${indent(level + 2)}${printMember(m, level + 2)}\n`).join('')}${indent(level)}}`;
  }
}

function printMember(m: Member, level: number): string {
  if ('raw' in m) return m.raw;
  const label = `${key(m.key)}${m.optional ? '?' : ''}:`;
  const column = level + label.length + 1;
  if (m.type.kind === 'union') {
    const oneLine = flat(m.type);
    if (oneLine !== null && column + oneLine.length <= PRINT_WIDTH) return `${label} ${oneLine}`;
    // A union that does not fit: one member per line, each led by `|`.
    return label + m.type.members.map((u) => `\n${indent(level + 2)}| ${print(u, level + 4, level + 4)}`).join('');
  }
  return `${label} ${print(m.type, level, column)}`;
}

// ---------------------------------------------------------------------------------------------
// The file

interface SchemaFunction {
  fn: DbFunction;
  inputs: FunctionArg[];
}

export function renderTypes(catalog: Catalog): string {
  const types = new TypeMapper(catalog);
  const unsupported = (what: string) => {
    throw new Error(`gen-types: ${what} is not supported by this generator yet (see supabase/local/gen-types.ts)`);
  };
  for (const r of catalog.relations) {
    if (r.kind === 'v' || r.kind === 'm') unsupported(`the view ${SCHEMA}.${r.name}`);
  }
  const tables = catalog.relations.filter((r) => ['r', 'p', 'f'].includes(r.kind)).sort(byName);
  const relationById = new Map(catalog.relations.map((r) => [r.id, r]));

  const foreignKeys = [...catalog.foreignKeys]
    .filter((f) => f.referencedSchema === SCHEMA)
    .sort(
      (a, b) =>
        collator.compare(a.name, b.name) ||
        collator.compare(a.referencedRelation, b.referencedRelation) ||
        collator.compare(JSON.stringify(a.referencedColumns), JSON.stringify(b.referencedColumns)),
    );

  // Functions PostgREST can call: no inputs, all inputs named, or unnamed json/jsonb/text ones.
  const functions: SchemaFunction[] = [];
  for (const fn of catalog.functions) {
    fn.args.sort(byName);
    const inputs = fn.args.filter((a) => INPUT_MODES.has(a.mode));
    const unnamed = inputs.filter((a) => a.name === '');
    if (inputs.length === 1 && unnamed.length === 1 && inputs[0].relkind && ROW_RELKINDS.has(inputs[0].relkind)) {
      unsupported(`the computed field ${SCHEMA}.${fn.name}(${fn.argumentTypes})`);
    }
    const callable =
      unnamed.length === 0 ||
      unnamed.every((a) => a.hasDefault && UNNAMED_ARG_TYPES.has(a.type)) ||
      (inputs.length === 1 && UNNAMED_ARG_TYPES.has(inputs[0].type));
    if (callable) functions.push({ fn, inputs });
  }
  functions.sort((a, b) => byName(a.fn, b.fn));
  const functionsByName = new Map<string, SchemaFunction[]>();
  for (const f of functions) functionsByName.set(f.fn.name, [...(functionsByName.get(f.fn.name) ?? []), f]);
  for (const overloads of functionsByName.values()) {
    overloads.sort((a, b) => collator.compare(a.fn.argumentTypes, b.fn.argumentTypes) || collator.compare(a.fn.result, b.fn.result));
    if (overloads.length < 2) continue;
    // Overloads PostgREST cannot choose between get an error type from the CLI; refuse them.
    for (const { fn, inputs } of overloads) {
      const clash = overloads.some(
        (o) =>
          o.fn !== fn &&
          ((inputs.length === 0 && o.inputs.length === 1 && o.inputs[0].name === '' && o.inputs[0].hasDefault) ||
            (inputs.length === 1 && inputs[0].name !== '' && o.inputs.length === 1 &&
              o.inputs[0].name === inputs[0].name && o.inputs[0].type !== inputs[0].type)),
      );
      if (clash) unsupported(`the ambiguous overload ${SCHEMA}.${fn.name}(${fn.argumentTypes})`);
    }
  }

  const columnsOf = (r: Relation) => [...r.columns].sort(byName);
  const rowType = (r: Relation) =>
    object(columnsOf(r).map((c) => ({ key: c.name, type: types.type(c.type, c.nullable) })));

  const tableMember = (t: Relation): Member => {
    const columns = columnsOf(t);
    const insert = columns.map((c): Member => {
      if (c.identity === 'a') return { key: c.name, optional: true, type: text('never') };
      return { key: c.name, optional: c.nullable || c.identity !== '' || c.hasDefault, type: types.type(c.type, c.nullable) };
    });
    const update = columns.map((c): Member => ({
      key: c.name,
      optional: true,
      type: c.identity === 'a' ? text('never') : types.type(c.type, c.nullable),
    }));
    const relationships = foreignKeys
      .filter((f) => f.relation === t.name)
      .map((f) =>
        object([
          { key: 'foreignKeyName', type: text(str(f.name)) },
          { key: 'columns', type: { kind: 'tuple', elements: f.columns.map((c) => text(str(c))) } },
          { key: 'isOneToOne', type: text(String(f.isOneToOne)) },
          { key: 'referencedRelation', type: text(str(f.referencedRelation)) },
          { key: 'referencedColumns', type: { kind: 'tuple', elements: f.referencedColumns.map((c) => text(str(c))) } },
        ]),
      );
    return {
      key: t.name,
      type: object([
        { key: 'Row', type: rowType(t) },
        { key: 'Insert', type: object(insert) },
        { key: 'Update', type: object(update) },
        { key: 'Relationships', type: { kind: 'tuple', elements: relationships } },
      ]),
    };
  };

  // The relation a function's result is a row of (for `select` on the result), if any.
  const resultRelation = (fn: DbFunction): string | null => {
    if (!fn.returnRelationId || !fn.returnRelkind) return null;
    if (fn.returnRelationSchema === SCHEMA && fn.returnRelkind === 'f') return fn.returnType;
    return ROW_RELKINDS.has(fn.returnRelkind) ? fn.returnType : null;
  };

  const signature = ({ fn, inputs }: SchemaFunction): TsType => {
    const args: TsType =
      inputs.length === 0
        ? text('never')
        : object(inputs.map((a) => ({ key: a.name, optional: a.hasDefault, type: types.type(a.type) })), false);

    let returns: TsType;
    const tableColumns = fn.args.filter((a) => a.mode === 't');
    const returnRelation = fn.returnRelationId ? relationById.get(fn.returnRelationId) : undefined;
    if (tableColumns.length > 0) {
      returns = object(tableColumns.map((a) => ({ key: a.name, type: types.type(a.type) })));
    } else if (returnRelation) {
      returns = rowType(returnRelation);
    } else {
      returns = types.type(fn.returnType);
    }

    const target = resultRelation(fn);
    const manyRows = fn.rows !== null && fn.rows > 1;
    if (fn.isSetReturning && (manyRows || target === null)) {
      returns = returns.kind === 'union' ? text(`(${flat(returns)})[]`) : { kind: 'array', element: returns };
    }

    let setof: { from: string; to: string; isOneToOne: boolean; isSetofReturn: boolean } | null = null;
    if (target !== null) setof = { from: '*', to: target, isOneToOne: !manyRows, isSetofReturn: fn.isSetReturning };
    const only = fn.args.length === 1 ? fn.args[0] : null;
    if (target !== null && only?.relationType && only.relkind && ROW_RELKINDS.has(only.relkind)) {
      // A function over one table row (embedded as a relation in PostgREST).
      setof = fn.isSetReturning && fn.returnRelationId
        ? { from: only.relationType, to: target, isOneToOne: !manyRows, isSetofReturn: true }
        : { from: only.relationType, to: target, isOneToOne: true, isSetofReturn: false };
    }

    const members: Member[] = [
      { key: 'Args', type: args },
      { key: 'Returns', type: returns },
    ];
    if (setof) {
      members.push({
        key: 'SetofOptions',
        type: object([
          { key: 'from', type: text(str(setof.from)) },
          { key: 'to', type: text(str(setof.to)) },
          { key: 'isOneToOne', type: text(String(setof.isOneToOne)) },
          { key: 'isSetofReturn', type: text(String(setof.isSetofReturn)) },
        ]),
      });
    }
    return object(members, false);
  };

  const publicEnums = catalog.enums.filter((e) => e.schema === SCHEMA).sort(byName);
  const publicComposites = catalog.composites.filter((c) => c.schema === SCHEMA).sort(byName);

  const schema = object([
    { key: 'Tables', type: object(tables.length ? tables.map(tableMember) : [NEVER_MEMBER]) },
    { key: 'Views', type: object([NEVER_MEMBER]) },
    {
      key: 'Functions',
      type: object(
        functionsByName.size === 0
          ? [NEVER_MEMBER]
          : [...functionsByName].map(([name, overloads]): Member => {
              const signatures = overloads.map(signature);
              return { key: name, type: signatures.length === 1 ? signatures[0] : { kind: 'union', members: signatures } };
            }),
      ),
    },
    {
      key: 'Enums',
      type: object(
        publicEnums.length === 0
          ? [NEVER_MEMBER]
          : publicEnums.map((e) => ({ key: e.name, type: { kind: 'union', members: e.labels.map((l) => text(str(l))) } })),
      ),
    },
    {
      key: 'CompositeTypes',
      type: object(
        publicComposites.length === 0
          ? [NEVER_MEMBER]
          : publicComposites.map((c) => ({
              key: c.name,
              type: object(c.attributes.map((a) => ({ key: a.name, type: types.type(a.type, true) }))),
            })),
      ),
    },
  ]);

  const database = object([
    { raw: '// Allows to automatically instantiate createClient with right options' },
    { raw: "// instead of createClient<Database, { PostgrestVersion: 'XX' }>(URL, KEY)" },
    { key: '__InternalSupabase', type: object([{ key: 'PostgrestVersion', type: text(str(POSTGREST_VERSION)) }]) },
    { key: SCHEMA, type: schema },
  ]);

  const constants = [
    'export const Constants = {',
    `  ${key(SCHEMA)}: {`,
    publicEnums.length === 0 ? '    Enums: {},' : '    Enums: {',
    ...publicEnums.map((e) => {
      const label = `      ${key(e.name)}: `;
      const values = e.labels.map(str);
      const oneLine = `[${values.join(', ')}]`;
      if (label.length + oneLine.length + 1 <= PRINT_WIDTH) return `${label}${oneLine},`;
      return `${label}[\n${values.map((v) => `        ${v},\n`).join('')}      ],`;
    }),
    ...(publicEnums.length === 0 ? [] : ['    },']),
    '  },',
    '} as const',
  ];

  return [
    JSON_TYPE,
    '',
    `export type Database = ${print(database, 0, 'export type Database = '.length)}`,
    '',
    HELPERS,
    constants.join('\n'),
    '',
  ].join('\n');
}

const JSON_TYPE = `export type Json =
  | string
  | number
  | boolean
  | null
  | { [key: string]: Json | undefined }
  | Json[]`;

// The helper types the CLI appends, as prettier prints them.
const HELPERS = `type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "${SCHEMA}">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] &
        DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] &
        DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
        Row: infer R
      }
      ? R
      : never
    : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Insert: infer I
      }
      ? I
      : never
    : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Update: infer U
      }
      ? U
      : never
    : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never,
> = DefaultSchemaEnumNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
    ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
    : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never,
> = PublicCompositeTypeNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
    ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
    : never
`;
