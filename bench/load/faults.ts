// `npm run load -- --faults`: while the workload runs, each part of the stack is stopped and
// restarted in turn, and the recording provider turns slow, failing and truncating. For each fault
// a probe (one signed-in admin, every 250 ms) asserts what users get while the part is down, and
// then how long service takes to come back after the part returns (asserted ≤ 5 s).
import type { ServiceSwitch } from '../../supabase/local/stack.ts';
import type { ProviderMode, RecordingProvider } from './provider.ts';
import type { OutageClock, Target } from './workload.ts';

export const RECOVERY_LIMIT_S = 5;

export type FaultName = 'postgrest' | 'auth' | 'storage' | 'postgres' | 'provider-slow' | 'provider-failing' | 'provider-truncating';

export interface FaultResult {
  fault: FaultName;
  downSeconds: number;
  /** Probe answers while the part was down, by status. */
  whileDown: Record<string, number>;
  /** Probe answers sent after the part returned, until the first success was seen, by status. */
  afterUp: Record<string, number>;
  /** Seconds from the part's return (its start() resolved) to the probe's first success; null for provider faults. */
  recoverySeconds: number | null;
  /** Seconds the part took to start again (Postgres: until it accepts connections). */
  restartSeconds: number;
  expectations: { name: string; ok: boolean; detail: string }[];
}

export interface FaultDeps {
  target: Target;
  token: string;
  recordingCallId: string;
  parts: Record<'postgrest' | 'auth' | 'storage' | 'postgres', ServiceSwitch>;
  provider: RecordingProvider;
  outages: OutageClock;
  adminEmail: string;
  password: string;
  log: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface ProbeAnswer {
  status: number;
  retryAfter: string | null;
  code?: string;
  message?: string;
}

async function probe(url: string, init: RequestInit): Promise<ProbeAnswer> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
    const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string }; message?: string };
    return { status: res.status, retryAfter: res.headers.get('retry-after'), code: body.error?.code, message: body.error?.message ?? body.message };
  } catch {
    return { status: 0, retryAfter: null };
  }
}

/** The request that needs the part: the app route users call, or Auth itself for sign-in. */
function probeFor(fault: FaultName, d: FaultDeps): () => Promise<ProbeAnswer> {
  const auth = { headers: { authorization: `Bearer ${d.token}` } };
  if (fault === 'auth') {
    return () =>
      probe(`${d.target.api}/auth/v1/token?grant_type=password`, {
        method: 'POST',
        headers: { apikey: d.target.publishableKey, 'content-type': 'application/json' },
        body: JSON.stringify({ email: d.adminEmail, password: d.password }),
      });
  }
  if (fault === 'storage') return () => probe(`${d.target.app}/api/calls-dashboard/${d.recordingCallId}/recording`, auth);
  return () => probe(`${d.target.app}/api/calls-dashboard?limit=25`, auth);
}

const isTryAgain503 = (a: ProbeAnswer) => a.status === 503 && Number(a.retryAfter) > 0 && a.code === 'service_unavailable' && /try again/i.test(a.message ?? '');

export async function injectFault(fault: FaultName, downMs: number, d: FaultDeps): Promise<FaultResult> {
  const expectations: FaultResult['expectations'] = [];
  const whileDown: Record<string, number> = {};
  const answers: ProbeAnswer[] = [];

  if (fault.startsWith('provider-')) {
    const mode = fault.slice('provider-'.length) as ProviderMode;
    const before = d.provider.served[mode];
    d.provider.setMode(mode);
    await sleep(downMs);
    d.provider.setMode('ok');
    const hits = d.provider.served[mode] - before;
    expectations.push({ name: `recording downloads met the ${mode} provider`, ok: hits > 0, detail: `${hits} requests` });
    return { fault, downSeconds: downMs / 1000, whileDown: { [`${mode} answers`]: hits }, afterUp: {}, recoverySeconds: null, restartSeconds: 0, expectations };
  }

  const part = d.parts[fault as keyof FaultDeps['parts']];
  const ask = probeFor(fault, d);
  d.outages.begin();
  await part.stop();
  const downAt = performance.now();
  while (performance.now() - downAt < downMs) {
    const a = await ask();
    answers.push(a);
    whileDown[a.status] = (whileDown[a.status] ?? 0) + 1;
    await sleep(250);
  }
  const t0 = performance.now();
  await part.start();
  const upAt = performance.now();
  d.outages.end();
  // Recovery: a probe every 200 ms without waiting for the previous one (under load one request can
  // take seconds); the time is when the first probe that succeeded was sent, after the part returned.
  let firstOk: number | null = null;
  const afterUp: Record<string, number> = {};
  const inFlight: Promise<void>[] = [];
  while (firstOk === null && performance.now() - upAt < 30_000) {
    const sentAt = performance.now();
    inFlight.push(
      ask().then((a) => {
        const key = a.status === 200 ? '200' : `${a.status} ${a.code ?? a.message ?? ''}`.trim();
        afterUp[key] = (afterUp[key] ?? 0) + 1;
        if (a.status === 200 && (firstOk === null || sentAt < firstOk)) firstOk = sentAt;
      }),
    );
    await sleep(200);
  }
  await Promise.all(inFlight);
  const recoverySeconds = firstOk === null ? null : Math.round((firstOk - upAt) / 10) / 100;

  if (fault === 'auth') {
    // Supabase's gateway answers 502 for an unreachable Auth: supabase-js turns it into
    // AuthRetryableFetchError, which the sign-in form shows as "Can't reach the sign-in service … try again".
    const bad = answers.filter((a) => a.status !== 502);
    expectations.push({ name: 'sign-in while Auth is down: the gateway’s retryable 502, never a 4xx', ok: answers.length > 0 && bad.length === 0, detail: JSON.stringify(whileDown) });
  } else {
    const bad = answers.filter((a) => !isTryAgain503(a));
    expectations.push({
      name: `${fault === 'storage' ? 'recording URL' : 'call list'} while ${fault} is down: 503 + Retry-After, "try again", never 401`,
      ok: answers.length > 0 && bad.length === 0,
      detail: bad.length ? `${bad.length} other answers, e.g. ${JSON.stringify(bad[0])}` : JSON.stringify(whileDown),
    });
  }
  expectations.push({
    name: `service resumes within ${RECOVERY_LIMIT_S} s of ${fault} returning`,
    ok: recoverySeconds !== null && recoverySeconds <= RECOVERY_LIMIT_S,
    detail: recoverySeconds === null ? 'not within 30 s' : `${recoverySeconds} s`,
  });
  return { fault, downSeconds: Math.round((upAt - downAt) / 100) / 10, whileDown, afterUp, recoverySeconds, restartSeconds: Math.round((upAt - t0) / 100) / 10, expectations };
}
