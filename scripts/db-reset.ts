// npm run db:reset — deletes the local database, keys and stored recordings, then recreates the
// schema and the demo data. Refuses while a stack is running on the same data folder.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { seedDemo } from '../supabase/local/seed/demo.ts';
import { DEFAULT_DATA_DIR, startStack } from '../supabase/local/stack.ts';
import { writeEnvFile } from '../supabase/local/env-file.ts';

if (process.env.DATABASE_URL) {
  console.error('db:reset only resets the embedded local database; DATABASE_URL is set, refusing.');
  process.exit(1);
}
const pidFile = join(DEFAULT_DATA_DIR, 'pg', 'postmaster.pid');
if (existsSync(pidFile)) {
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
    console.error('the local stack is running (stop `npm run dev` / `npm run stack` first)');
    process.exit(1);
  } catch {
    // stale pid file: nothing runs
  }
}
rmSync(DEFAULT_DATA_DIR, { recursive: true, force: true });
const stack = await startStack({
  apiPort: Number(process.env.SUPABASE_API_PORT ?? 54321),
  dbPort: Number(process.env.SUPABASE_DB_PORT ?? 54322),
});
try {
  const s = await seedDemo({ url: stack.url, serviceRoleKey: stack.secretKey, dbUrl: stack.dbUrl });
  writeEnvFile({ url: stack.url, publishableKey: stack.publishableKey, secretKey: stack.secretKey });
  console.log(`database reset: ${s.createdUsers} users, ${s.createdCalls} calls, ${s.uploadedRecordings} recordings`);
} finally {
  await stack.stop();
}
