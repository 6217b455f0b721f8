// Using a Supabase CLI stack (`npx supabase start`, needs Docker) instead of the stack this project
// runs itself. `npm run dev` asks the CLI for its status and, when a CLI stack is running (or
// SUPABASE_STACK=cli), takes its URL and keys and starts nothing on 54321/54322.
//
// The decisions are pure functions over the environment and the text `supabase status -o env`
// prints, so they are tested without Docker (tests/unit/cli-stack.test.ts); only readCliStatus()
// runs the CLI.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { PROJECT_ROOT } from './migrate.ts';

/** SUPABASE_STACK: `local` = this project's stack, `cli` = a running Supabase CLI stack, unset/`auto` = a CLI stack if one runs. */
export type StackSetting = 'auto' | 'local' | 'cli';

export function stackSetting(env: Readonly<Record<string, string | undefined>>): StackSetting {
  const raw = (env.SUPABASE_STACK ?? '').trim().toLowerCase();
  if (raw === '' || raw === 'auto') return 'auto';
  if (raw === 'local' || raw === 'cli') return raw;
  throw new Error(`SUPABASE_STACK must be "local", "cli" or "auto" (unset), got "${env.SUPABASE_STACK}"`);
}

/**
 * Whether to ask the CLI at all. `auto` asks only when Docker is reachable in principle (a
 * `docker` executable on PATH, or DOCKER_HOST): without Docker no CLI stack can run, and asking
 * costs a second on every start.
 */
export function shouldProbeCli(setting: StackSetting, docker: { onPath: boolean; host?: string }): boolean {
  if (setting === 'cli') return true;
  if (setting === 'local') return false;
  return docker.onPath || !!docker.host;
}

/**
 * Parses `supabase status -o env` output: `NAME="value"` lines (godotenv format: double-quoted,
 * with \n, \", \\ escapes), plus bare or single-quoted values for good measure. Other lines (notices
 * the CLI may print) are ignored.
 */
export function parseStatusEnv(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    const raw = m[2].trim();
    let value: string;
    if (raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2) {
      value = raw.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));
    } else if (raw.startsWith("'") && raw.endsWith("'") && raw.length >= 2) {
      value = raw.slice(1, -1);
    } else {
      value = raw;
    }
    out[m[1]] = value;
  }
  return out;
}

export interface CliStack {
  /** API_URL: the CLI's gateway (Kong), e.g. http://127.0.0.1:54321 */
  url: string;
  /** DB_URL: postgresql://postgres:postgres@127.0.0.1:54322/postgres */
  dbUrl: string;
  /** PUBLISHABLE_KEY (sb_publishable_…), or ANON_KEY from an older CLI. */
  publishableKey: string;
  /** SECRET_KEY (sb_secret_…), or SERVICE_ROLE_KEY from an older CLI. */
  secretKey: string;
}

/**
 * The stack described by the status variables, or the names that are missing. The CLI prints
 * API_URL only while its gateway runs and the keys only while Auth runs.
 */
export function cliStackFromStatus(vars: Record<string, string>): { stack: CliStack } | { missing: string[] } {
  const url = vars.API_URL;
  const dbUrl = vars.DB_URL;
  const publishableKey = vars.PUBLISHABLE_KEY || vars.ANON_KEY;
  const secretKey = vars.SECRET_KEY || vars.SERVICE_ROLE_KEY;
  const missing = [
    !url && 'API_URL',
    !dbUrl && 'DB_URL',
    !publishableKey && 'PUBLISHABLE_KEY',
    !secretKey && 'SECRET_KEY',
  ].filter((x): x is string => !!x);
  if (missing.length > 0) return { missing };
  return { stack: { url: url.replace(/\/+$/, ''), dbUrl, publishableKey, secretKey } };
}

export interface CliStatusResult {
  /** Exit code 0. */
  ok: boolean;
  stdout: string;
  stderr: string;
}

export type StackChoice =
  | { kind: 'local' }
  | { kind: 'cli'; stack: CliStack }
  | { kind: 'error'; message: string };

/**
 * Which stack `npm run dev` uses. `status` is the CLI's answer, or null when it was not asked
 * (see shouldProbeCli).
 */
export function chooseStack(setting: StackSetting, status: CliStatusResult | null): StackChoice {
  if (setting === 'local') return { kind: 'local' };
  const parsed = status?.ok ? cliStackFromStatus(parseStatusEnv(status.stdout)) : null;
  if (parsed && 'stack' in parsed) return { kind: 'cli', stack: parsed.stack };
  if (setting === 'auto') return { kind: 'local' };
  // SUPABASE_STACK=cli: never fall back to binding the CLI's ports ourselves.
  const why = !status
    ? 'the Supabase CLI was not asked'
    : !status.ok
      ? `\`supabase status\` failed: ${firstLine(status.stderr) || `exit code not 0`}`
      : `\`supabase status\` did not print ${(parsed as { missing: string[] }).missing.join(', ')} (are the API gateway and Auth running?)`;
  return {
    kind: 'error',
    message: `SUPABASE_STACK=cli, but no running Supabase CLI stack was found (${why}). Start it with \`npm run gen:signing-key && npx supabase start\` (needs Docker), or unset SUPABASE_STACK to use the project's own stack.`,
  };
}

function firstLine(text: string): string {
  return text.split(/\r?\n/).find((l) => l.trim() !== '' && !/^Not linked\.?$/.test(l.trim()))?.trim() ?? '';
}

/** Is an executable called `name` on PATH? */
export function onPath(name: string, path = process.env.PATH ?? ''): boolean {
  return path.split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, name)));
}

/** Runs the pinned CLI's `supabase status -o env` in the project (it reads supabase/config.toml). */
export function readCliStatus(timeoutMs = 20_000): CliStatusResult {
  const bin = join(PROJECT_ROOT, 'node_modules', '.bin', 'supabase');
  const r = spawnSync(bin, ['status', '-o', 'env'], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) return { ok: false, stdout: '', stderr: r.error.message };
  return { ok: r.status === 0, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** The setting, and the CLI's status when the setting calls for asking. */
export function detectStack(env: NodeJS.ProcessEnv = process.env): StackChoice {
  let setting: StackSetting;
  try {
    setting = stackSetting(env);
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  const probe = shouldProbeCli(setting, { onPath: onPath('docker', env.PATH), host: env.DOCKER_HOST });
  return chooseStack(setting, probe ? readCliStatus() : null);
}
