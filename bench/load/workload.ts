// The mixed workload of `npm run load`: virtual users of several orgs and roles paging through
// calls (filters, search, keyset pages), opening detail and recordings, asking /api/me, signing in
// and refreshing; and per org a provider sending signed webhooks with duplicates (same webhook-id
// again) and replays (the same call under a new webhook-id), retrying what was not acknowledged
// after Retry-After, as a provider does. Every response goes through checker.ts.
import { randomUUID } from 'node:crypto';
import { signedWebhookHeaders } from '../../lib/webhooks/sign-request.ts';
import { checkResponse, type Actor, type CheckResult, type Endpoint, type Observation } from './checker.ts';

export interface Target {
  app: string;
  api: string;
  publishableKey: string;
}

/** Outage windows: a part is down from `down` until `up` (+ the grace the run allows for recovery). */
export class OutageClock {
  private windows: { down: number; up: number | null }[] = [];
  constructor(readonly graceMs: number) {}
  begin(): void {
    this.windows.push({ down: performance.now(), up: null });
  }
  end(): void {
    const open = this.windows.find((w) => w.up === null);
    if (open) open.up = performance.now();
  }
  /** A request in flight from t0 to t1 overlapped an outage (or its grace after the part returned). */
  overlaps(t0: number, t1: number): boolean {
    return this.windows.some((w) => t1 >= w.down && t0 <= (w.up === null ? Infinity : w.up + this.graceMs));
  }
}

export class Recorder {
  samples = new Map<Endpoint, number[]>();
  statuses = new Map<Endpoint, Map<number, number>>();
  violations: string[] = [];
  violationCount = 0;
  unresolved: CheckResult['unresolved'] = [];
  /** Test-only: change a body before it is checked (tests/integration/load-checker.test.ts). */
  tamper?: (o: Observation) => void;

  constructor(
    private readonly orgOfCall: (id: string) => string | undefined,
    private readonly outages: OutageClock,
  ) {}

  add(endpoint: Endpoint, ms: number, status: number) {
    if (!this.samples.has(endpoint)) this.samples.set(endpoint, []);
    this.samples.get(endpoint)!.push(ms);
    const counts = this.statuses.get(endpoint) ?? new Map<number, number>();
    counts.set(status, (counts.get(status) ?? 0) + 1);
    this.statuses.set(endpoint, counts);
  }

  violation(v: string) {
    this.violationCount++;
    if (this.violations.length < 50) this.violations.push(v);
  }

  check(o: Observation) {
    this.tamper?.(o);
    const r = checkResponse(o, this.orgOfCall);
    for (const v of r.violations) this.violation(v);
    this.unresolved.push(...r.unresolved);
  }

  total(): number {
    let n = 0;
    for (const s of this.samples.values()) n += s.length;
    return n;
  }
}

interface Timed {
  status: number;
  headers: Headers;
  body: unknown;
  t0: number;
  t1: number;
}

async function timed(url: string, init: RequestInit): Promise<Timed> {
  const t0 = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text for the report
    }
    return { status: res.status, headers: res.headers, body, t0, t1: performance.now() };
  } catch (error) {
    return { status: 0, headers: new Headers(), body: String(error), t0, t1: performance.now() };
  }
}

export interface Session {
  access: string;
  refresh: string;
}

export async function signIn(target: Target, email: string, password: string): Promise<Timed & { session?: Session }> {
  const r = await timed(`${target.api}/auth/v1/token?grant_type=password`, {
    method: 'POST',
    headers: { apikey: target.publishableKey, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const b = r.body as { access_token?: string; refresh_token?: string };
  return { ...r, session: r.status === 200 && b.access_token && b.refresh_token ? { access: b.access_token, refresh: b.refresh_token } : undefined };
}

export interface UserWorld {
  target: Target;
  password: string;
  recorder: Recorder;
  outages: OutageClock;
  /** Call ids of each org (at start), to open detail of; org id → ids. */
  callsByOrg: Map<string, string[]>;
  /** Calls with a stored recording at start; org id → ids. */
  recordingsByOrg: Map<string, string[]>;
  /** The run is over (time is up and every fault has been injected and recovered from). */
  stop: { now: boolean };
  /** Stop after this many requests across all users. */
  budget: { left: number };
}

const SEARCHES = ['+1415', 'appointment', 'Smith', '555', 'billing'];
const FILTERS = ['direction=inbound', 'direction=outbound', 'status=completed', 'status=failed&status=no_answer', 'sort=duration&order=asc', `from=${new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10)}`];
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)];

/** One virtual user: a closed loop of requests until the run is over or the shared budget runs out. */
export async function runUser(world: UserWorld, actor: Actor, startDelayMs: number): Promise<void> {
  const { target, recorder } = world;
  // Users arrive over the first seconds, not all in one instant: the local Auth counts sign-ins in
  // flight against the per-account limit (10), and ten of them at once for one account answer 429.
  await new Promise((r) => setTimeout(r, startDelayMs));
  let first = await signIn(target, actor.email, world.password);
  for (let i = 0; i < 5 && !first.session; i++) {
    await new Promise((r) => setTimeout(r, 1_000));
    first = await signIn(target, actor.email, world.password);
  }
  if (!first.session) throw new Error(`${actor.email} could not sign in before the run: ${first.status}`);
  let session = first.session;
  let cursor: string | null = null;
  const seen: string[] = [];

  const app = async (endpoint: Endpoint, path: string, callId?: string) => {
    const r = await timed(`${target.app}${path}`, { headers: { authorization: `Bearer ${session.access}` } });
    recorder.add(endpoint, r.t1 - r.t0, r.status);
    recorder.check({ endpoint, actor, status: r.status, headers: r.headers, body: r.body, callId, outage: world.outages.overlaps(r.t0, r.t1) });
    return r;
  };

  while (!world.stop.now && world.budget.left-- > 0) {
    // A user, not a benchmark loop: 100-500 ms between one answer and the next click.
    await new Promise((r) => setTimeout(r, 100 + Math.random() * 400));
    const roll = Math.random();
    if (roll < 0.28) {
      const r = await app('list', `/api/calls-dashboard?limit=25${cursor && Math.random() < 0.7 ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      const b = r.body as { calls?: { id: string }[]; nextCursor?: string | null };
      cursor = r.status === 200 ? (b.nextCursor ?? null) : cursor;
      if (r.status === 200) for (const c of b.calls ?? []) seen.push(c.id);
      if (seen.length > 200) seen.splice(0, seen.length - 200);
    } else if (roll < 0.43) {
      await app('list-filter', `/api/calls-dashboard?limit=25&${pick(FILTERS)}`);
    } else if (roll < 0.55) {
      await app('list-search', `/api/calls-dashboard?limit=25&q=${encodeURIComponent(pick(SEARCHES))}`);
    } else if (roll < 0.72) {
      const own = seen.length ? seen : (world.callsByOrg.get(actor.orgId) ?? []);
      if (own.length) {
        const id = pick(own);
        await app('detail', `/api/calls-dashboard/${id}`, id);
      }
    } else if (roll < 0.78) {
      const recs = world.recordingsByOrg.get(actor.orgId) ?? [];
      if (recs.length) {
        const id = pick(recs);
        await app('recording', `/api/calls-dashboard/${id}/recording`, id);
      }
    } else if (roll < 0.92) {
      await app('me', '/api/me');
    } else if (roll < 0.98) {
      const r = await timed(`${target.api}/auth/v1/token?grant_type=refresh_token`, {
        method: 'POST',
        headers: { apikey: target.publishableKey, 'content-type': 'application/json' },
        body: JSON.stringify({ refresh_token: session.refresh }),
      });
      recorder.add('refresh', r.t1 - r.t0, r.status);
      recorder.check({ endpoint: 'refresh', actor, status: r.status, headers: r.headers, body: r.body, outage: world.outages.overlaps(r.t0, r.t1) });
      const b = r.body as { access_token?: string; refresh_token?: string };
      if (r.status === 200 && b.access_token && b.refresh_token) session = { access: b.access_token, refresh: b.refresh_token };
    } else {
      const r = await signIn(target, actor.email, world.password);
      recorder.add('sign-in', r.t1 - r.t0, r.status);
      recorder.check({ endpoint: 'sign-in', actor, status: r.status, headers: r.headers, body: r.body, outage: world.outages.overlaps(r.t0, r.t1) });
      if (r.session) session = r.session;
    }
  }
}

// ------------------------------------------------------------------------------ webhooks

export interface Delivery {
  orgId: string;
  webhookId: string;
  providerCallId: string;
  body: string;
  withRecording: boolean;
}

export interface Acked extends Delivery {
  callId: string;
}

export interface WebhookWorld {
  target: Target;
  recorder: Recorder;
  outages: OutageClock;
  stop: { now: boolean };
  recordingUrl: (name: string) => string;
  /** Every delivery acknowledged with 2xx, by webhook-id. */
  acked: Map<string, Acked>;
  /** Provider call id → the call id its first acknowledgement named. */
  callOfProviderCall: Map<string, string>;
  /** Register a call id as the org's (the checker's index). */
  learn: (callId: string, orgId: string) => void;
  budget: { left: number };
}

function report(providerCallId: string, withRecording: boolean, recordingUrl: (name: string) => string): string {
  return JSON.stringify({
    type: 'end-of-call-report',
    call: {
      id: providerCallId,
      direction: Math.random() < 0.6 ? 'inbound' : 'outbound',
      from: '+14155550142',
      to: '+14155550100',
      startedAt: new Date(Date.now() - 90_000).toISOString(),
      endedAt: new Date().toISOString(),
      endedReason: 'customer-ended-call',
      cost: 0.07,
      customer: { name: 'Load Caller' },
    },
    artifact: {
      transcript: [{ role: 'assistant', message: 'Thanks for calling, this is the load run.', secondsFromStart: 0, duration: 2 }],
      ...(withRecording ? { recordingUrl: recordingUrl(providerCallId) } : {}),
    },
    analysis: { summary: 'load run call', sentiment: 'neutral' },
  });
}

/** The org's provider: new deliveries, duplicates and replays; unacknowledged ones are retried. */
export async function runWebhookSender(world: WebhookWorld, actor: Actor, secret: string, drainMs: number): Promise<{ unacked: number }> {
  const retry: { d: Delivery; endpoint: Endpoint; notBefore: number }[] = [];
  const mine: Acked[] = [];

  const send = async (d: Delivery, endpoint: Endpoint): Promise<boolean> => {
    const headers = signedWebhookHeaders(secret, d.body, { id: d.webhookId });
    const t0 = performance.now();
    let status = 0;
    let body: unknown;
    let resHeaders = new Headers();
    try {
      const res = await fetch(`${world.target.app}/api/webhooks/voice?org=${d.orgId}`, { method: 'POST', headers, body: d.body, signal: AbortSignal.timeout(30_000) });
      status = res.status;
      resHeaders = res.headers;
      const text = await res.text();
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    } catch (error) {
      body = String(error);
    }
    const t1 = performance.now();
    world.recorder.add(endpoint, t1 - t0, status);
    const ack = body as { callId?: string; duplicate?: boolean };
    if (status === 200 && typeof ack.callId === 'string') {
      world.learn(ack.callId, d.orgId);
      const earlier = world.callOfProviderCall.get(`${d.orgId}/${d.providerCallId}`);
      if (earlier && earlier !== ack.callId) world.recorder.violation(`${endpoint}: provider call ${d.providerCallId} acknowledged as ${ack.callId}, earlier as ${earlier} (applied twice)`);
      const again = world.acked.get(d.webhookId);
      if (again && !ack.duplicate) world.recorder.violation(`${endpoint}: webhook-id ${d.webhookId} acknowledged twice without duplicate: true`);
      world.callOfProviderCall.set(`${d.orgId}/${d.providerCallId}`, ack.callId);
      if (!again) {
        const a = { ...d, callId: ack.callId };
        world.acked.set(d.webhookId, a);
        mine.push(a);
      }
    }
    world.recorder.check({ endpoint, actor, status, headers: resHeaders, body, outage: world.outages.overlaps(t0, t1) });
    if (status === 200) return true;
    const wait = Number(resHeaders.get('retry-after')) || 2;
    retry.push({ d, endpoint, notBefore: performance.now() + wait * 1000 });
    return false;
  };

  while (!world.stop.now && world.budget.left-- > 0) {
    const due = retry.findIndex((r) => r.notBefore <= performance.now());
    if (due >= 0) {
      const [r] = retry.splice(due, 1);
      await send(r.d, r.endpoint);
      continue;
    }
    const roll = Math.random();
    if (roll < 0.15 && mine.length) {
      // A duplicate: the same delivery again (same webhook-id), re-signed with a fresh timestamp.
      await send(pick(mine), 'webhook-replay');
    } else if (roll < 0.25 && mine.length) {
      // A replay: the same call reported again under a new webhook-id.
      const a = pick(mine);
      await send({ ...a, webhookId: `msg_${randomUUID()}` }, 'webhook-replay');
    } else {
      const providerCallId = `load-${randomUUID()}`;
      const withRecording = Math.random() < 0.4;
      await send({ orgId: actor.orgId, webhookId: `msg_${randomUUID()}`, providerCallId, body: report(providerCallId, withRecording, world.recordingUrl), withRecording }, 'webhook');
    }
  }
  // After the run (every part back up), the provider keeps retrying what was not acknowledged.
  const drainUntil = performance.now() + drainMs;
  while (retry.length && performance.now() < drainUntil) {
    const [r] = retry.splice(0, 1);
    const wait = r.notBefore - performance.now();
    if (wait > 0) await new Promise((res) => setTimeout(res, wait));
    await send(r.d, r.endpoint);
  }
  return { unacked: retry.length };
}
