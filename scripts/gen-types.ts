// npm run gen:types — regenerates lib/database.types.ts from the migrations, on a throwaway database.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTypes } from '../supabase/local/gen-types.ts';
import { bootstrap, migrate, PROJECT_ROOT } from '../supabase/local/migrate.ts';
import { freePort } from '../supabase/local/ports.ts';
import { startPostgres } from '../supabase/local/postgres.ts';

const dir = mkdtempSync(join(tmpdir(), 'gen-types-'));
const password = 'unused-' + Date.now();
const pg = await startPostgres({ dataDir: dir, port: await freePort(), ephemeral: true, superuserPassword: password });
try {
  await bootstrap(pg.adminUrl, { postgres: password, authenticator: password, supabase_auth_admin: password, supabase_storage_admin: password });
  // As the migration role, which is what the CLI's `gen types --db-url` would log in as too.
  const dbUrl = pg.urlFor('postgres', password);
  await migrate(dbUrl);
  const file = join(PROJECT_ROOT, 'lib', 'database.types.ts');
  writeFileSync(file, await generateTypes(dbUrl));
  console.log(`wrote ${file}`);
} finally {
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
