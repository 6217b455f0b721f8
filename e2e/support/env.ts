// What scripts/e2e.ts hands to the specs: the stack's URL and keys, and the database for checks.
import pg from 'pg';
import { ORGS } from '../../supabase/local/seed/demo-constants';

export const env = {
  supabaseUrl: required('E2E_SUPABASE_URL'),
  // The current names first (sb_publishable_… / sb_secret_…), the legacy JWT keys second.
  publishableKey: required('E2E_PUBLISHABLE_KEY', 'E2E_ANON_KEY'),
  secretKey: required('E2E_SECRET_KEY', 'E2E_SERVICE_ROLE_KEY'),
  dbUrl: required('E2E_DB_URL'),
};

function required(...names: string[]): string {
  for (const name of names) {
    const v = process.env[name];
    if (v) return v;
  }
  throw new Error(`${names.join(' or ')} is not set: run the e2e suite with \`npm run test:e2e\``);
}

export async function sql<T extends Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const db = new pg.Client({ connectionString: env.dbUrl });
  await db.connect();
  try {
    return (await db.query<T>(text, params)).rows;
  } finally {
    await db.end();
  }
}

export { ORGS };

export async function recordedCallId(org: keyof typeof ORGS): Promise<string> {
  const rows = await sql<{ id: string }>(
    'select id from public.call_logs where org_id = $1 and recording_storage_path is not null order by started_at desc limit 1',
    [ORGS[org].id],
  );
  return rows[0].id;
}
