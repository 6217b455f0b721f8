// Structured JSON logs (pino), one object per line on stdout, where Vercel, Inngest Cloud and any
// log drain pick them up. Every line carries the current request's or job's ids (context.ts);
// every string is scrubbed of secrets and phone numbers (scrub.ts). Log ids, codes and numbers,
// never payloads: no request bodies, transcripts, phone numbers, e-mails or headers.
// No `server-only`: `npm run jobs` and the dev job loop log through it too.
import pino from 'pino';
import { currentContext } from './context';
import { scrubString, scrubValue } from './scrub';

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

type Sink = (line: string) => void;
let sink: Sink | null = null;

/** Tests capture the output (and restore stdout with null). */
export function setLogSink(next: Sink | null) {
  sink = next;
}

/** An error as the log may show it: its kind, code and scrubbed message; no details, no payload. */
export function serializeError(error: unknown): Record<string, unknown> {
  if (error === null || typeof error !== 'object') return { message: scrubString(String(error)) };
  const e = error as { name?: unknown; code?: unknown; message?: unknown; stack?: unknown; status?: unknown };
  return {
    type: typeof e.name === 'string' ? e.name : 'Error',
    ...(typeof e.code === 'string' || typeof e.code === 'number' ? { code: e.code } : {}),
    // An upstream answer's HTTP status (a supabase-js error whose body said nothing): no data.
    ...(typeof e.status === 'number' ? { status: e.status } : {}),
    message: scrubString(typeof e.message === 'string' ? e.message : String(error)),
    ...(typeof e.stack === 'string' ? { stack: scrubString(e.stack) } : {}),
  };
}

const configuredLevel = (process.env.LOG_LEVEL ?? '').toLowerCase();

export const log = pino(
  {
    level: LEVELS.includes(configuredLevel) ? configuredLevel : 'info',
    base: { service: process.env.OTEL_SERVICE_NAME || 'call-dashboard' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: (object) => scrubValue(object) as Record<string, unknown>,
    },
    serializers: { err: serializeError, error: serializeError },
    mixin() {
      const ctx = currentContext();
      if (!ctx) return {};
      return {
        requestId: ctx.requestId,
        ...(ctx.route ? { route: ctx.route } : {}),
        ...(ctx.job ? { job: ctx.job } : {}),
        ...(ctx.orgId ? { orgId: ctx.orgId } : {}),
        ...(ctx.userId ? { userId: ctx.userId } : {}),
      };
    },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? scrubString(a) : a)) as Parameters<typeof method>);
      },
    },
  },
  {
    write(line: string) {
      if (sink) sink(line);
      else process.stdout.write(line);
    },
  },
);
