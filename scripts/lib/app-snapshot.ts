// A copy of the app's sources (no tests, scripts or local stack) in a folder of its own, for servers
// that must not touch the working tree's .next/: the bench's production build and the dev-server
// test. node_modules is a symlink into the checkout; Turbopack resolves packages only inside its
// root, so the copy's next.config.ts widens the root around the app's own config.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../../supabase/local/migrate.ts';

// What the app needs at build and run time.
const APP_PATHS = ['app', 'components', 'lib', 'inngest', 'proxy.ts', 'instrumentation.ts', 'next.config.ts', 'tsconfig.json', 'package.json', 'postcss.config.mjs'];

function snapshotFiles(): string[] {
  const out = spawnSync('git', ['ls-files', '-co', '--exclude-standard', '-z', '--', ...APP_PATHS], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`git ls-files failed: ${out.stderr}`);
  return out.stdout.split('\0').filter((f) => f && existsSync(join(PROJECT_ROOT, f))).sort();
}

/** The snapshot's files and a key over their content and the lockfile. */
export function appSnapshot(): { files: string[]; key: string } {
  const files = snapshotFiles();
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update('\0').update(readFileSync(join(PROJECT_ROOT, f))).update('\0');
  hash.update(readFileSync(join(PROJECT_ROOT, 'package-lock.json')));
  return { files, key: hash.digest('hex').slice(0, 16) };
}

/** A folder name under which this checkout keeps a copy of kind `kind`. */
export function checkoutFolderName(kind: string): string {
  return `call-dashboard-${kind}-${createHash('sha256').update(PROJECT_ROOT).digest('hex').slice(0, 8)}`;
}

/** Replaces `dir` with a fresh copy of the snapshot's files. Returns the next binary inside it. */
export function writeAppSnapshot(dir: string, files: string[]): string {
  rmSync(dir, { recursive: true, force: true });
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    copyFileSync(join(PROJECT_ROOT, f), join(dir, f));
  }
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules'));
  renameSync(join(dir, 'next.config.ts'), join(dir, 'next.config.app.ts'));
  writeFileSync(
    join(dir, 'next.config.ts'),
    `import base from './next.config.app';\nexport default { ...base, turbopack: { ...(base.turbopack ?? {}), root: '/' } };\n`,
  );
  return nextBinIn(dir);
}

export function nextBinIn(dir: string): string {
  return join(dir, 'node_modules', 'next', 'dist', 'bin', 'next');
}
