// Starts tests/helpers/pipeline-worker.ts as a child process and reads its JSON lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { stackEnv } from './clients.ts';

const WORKER = fileURLToPath(new URL('./pipeline-worker.ts', import.meta.url));

export interface WorkerHandle {
  child: ChildProcess;
  /** Resolves with the first line matching `pred`. */
  next: (pred: (msg: Record<string, unknown>) => boolean) => Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

export function spawnWorker(env: Record<string, string>, script = WORKER): WorkerHandle {
  const stack = stackEnv();
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, STACK_URL: stack.url, SERVICE_ROLE_KEY: stack.serviceRoleKey, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const messages: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      messages.push(JSON.parse(line));
      waiters.splice(0).forEach((w) => w());
    } catch {
      // not ours
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    waiters.splice(0).forEach((w) => w());
    resolve(code);
  }));
  return {
    child,
    exited,
    next: (pred) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = messages.find(pred);
          if (m) return resolve(m);
          if (child.exitCode !== null || child.signalCode !== null) {
            return reject(new Error(`worker exited (${child.exitCode ?? child.signalCode}) without the expected message; stderr: ${stderr.slice(-2000)}`));
          }
          waiters.push(check);
        };
        check();
      }),
  };
}
