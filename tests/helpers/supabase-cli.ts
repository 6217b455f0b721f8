// The pinned Supabase CLI (devDependency), for commands that need no Docker: `db push --db-url`.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cliDbUrl, SUPABASE_CLI } from '../../supabase/checks/advisors.ts';
import { MIGRATIONS_DIR } from '../../supabase/local/migrate.ts';

export interface CliRun {
  ok: boolean;
  output: string;
}

/**
 * `supabase db push --db-url … --include-all` of `migrationsDir`, exactly as a user pushes to a hosted
 * project. Runs in a throwaway workdir holding only the migrations (the CLI keeps state there).
 */
export async function cliDbPush(dbUrl: string, migrationsDir = MIGRATIONS_DIR): Promise<CliRun> {
  const workdir = mkdtempSync(join(tmpdir(), 'supabase-cli-push-'));
  cpSync(migrationsDir, join(workdir, 'supabase', 'migrations'), { recursive: true });
  try {
    const { stdout, stderr } = await promisify(execFile)(
      SUPABASE_CLI,
      ['db', 'push', '--db-url', cliDbUrl(dbUrl), '--include-all', '--yes', '--workdir', workdir],
      { cwd: workdir, timeout: 120_000, maxBuffer: 16 << 20, env: { ...process.env, DO_NOT_TRACK: '1', SUPABASE_TELEMETRY_DISABLED: '1' } },
    );
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message };
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
}
