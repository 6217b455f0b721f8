// lib/database.types.ts must be what `npm run gen:types` writes for the migrated schema: a migration
// that changes a table, column, key or function without regenerating the file fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateTypes } from '../../supabase/local/gen-types.ts';
import { withDb } from '../helpers/db.ts';

const committed = readFileSync(new URL('../../lib/database.types.ts', import.meta.url), 'utf8');

describe('lib/database.types.ts', () => {
  it('is what the generator writes for the migrated schema', async () => {
    expect(await withDb((db) => generateTypes(db))).toBe(committed);
  });

  it('no longer matches once the schema changes (canary table, rolled back)', async () => {
    const generated = await withDb(async (db) => {
      await db.query('begin');
      try {
        await db.query(`create table public.types_canary (
          id bigint generated always as identity primary key,
          org_id uuid not null references public.organizations (id))`);
        return await generateTypes(db);
      } finally {
        await db.query('rollback');
      }
    });
    expect(generated).not.toBe(committed);
    expect(generated).toContain(
      [
        '      types_canary: {',
        '        Row: {',
        '          id: number',
        '          org_id: string',
        '        }',
        '        Insert: {',
        '          id?: never',
        '          org_id: string',
        '        }',
      ].join('\n'),
    );
    expect(generated).toContain('foreignKeyName: "types_canary_org_id_fkey"');
  });

  it('does not depend on the privileges of the login that reads the catalog', async () => {
    // anon holds no privilege on any tenant table; information_schema would hide their columns.
    const generated = await withDb(async (db) => {
      await db.query('begin');
      try {
        await db.query('set local role anon');
        return await generateTypes(db);
      } finally {
        await db.query('rollback');
      }
    });
    expect(generated).toBe(committed);
  });
});
