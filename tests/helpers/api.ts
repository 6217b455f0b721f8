// Calls the Next route handlers in-process with a real Request, against the test run's stack.
// The handlers read their configuration from the environment, as in production.
import { join } from 'node:path';
import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { loadOrCreateKeys, signJwt } from '../../supabase/local/keys.ts';
import { stackEnv } from './clients.ts';

/** The app's configuration as `npm run dev` writes it: the current key names and opaque keys. */
export function applyStackEnv() {
  const env = stackEnv();
  process.env.NEXT_PUBLIC_SUPABASE_URL = env.url;
  process.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY = env.publishableKey;
  process.env.SUPABASE_SECRET_KEY = env.secretKey;
  delete process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY;
  delete process.env.SUPABASE_SERVICE_ROLE_KEY;
}

export type RouteName =
  | 'me' | 'list' | 'detail' | 'recording' | 'access-log'
  | 'webhook-settings' | 'rotate-secret' | 'retire-secret' | 'webhook-test' | 'pipeline' | 'requeue'
  | 'vapi-secret' | 'retell-key' | 'retire-credential'
  | 'retention' | 'legal-hold' | 'erasure-receipts' | 'export'
  | 'overview' | 'time-zone';
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

const modules = {
  me: () => import('../../app/api/me/route.ts'),
  list: () => import('../../app/api/calls-dashboard/route.ts'),
  detail: () => import('../../app/api/calls-dashboard/[callId]/route.ts'),
  recording: () => import('../../app/api/calls-dashboard/[callId]/recording/route.ts'),
  'access-log': () => import('../../app/api/access-log/route.ts'),
  'webhook-settings': () => import('../../app/api/settings/webhooks/route.ts'),
  'rotate-secret': () => import('../../app/api/settings/webhooks/secret/route.ts'),
  'retire-secret': () => import('../../app/api/settings/webhooks/secret/retire/route.ts'),
  'webhook-test': () => import('../../app/api/settings/webhooks/test/route.ts'),
  'vapi-secret': () => import('../../app/api/settings/webhooks/vapi/secret/route.ts'),
  'retell-key': () => import('../../app/api/settings/webhooks/retell/key/route.ts'),
  'retire-credential': () => import('../../app/api/settings/webhooks/provider-credential/retire/route.ts'),
  pipeline: () => import('../../app/api/settings/pipeline/route.ts'),
  requeue: () => import('../../app/api/settings/pipeline/requeue/route.ts'),
  retention: () => import('../../app/api/retention/route.ts'),
  'legal-hold': () => import('../../app/api/calls-dashboard/[callId]/legal-hold/route.ts'),
  'erasure-receipts': () => import('../../app/api/erasure-receipts/route.ts'),
  export: () => import('../../app/api/calls-dashboard/export/route.ts'),
  overview: () => import('../../app/api/overview/route.ts'),
  'time-zone': () => import('../../app/api/settings/time-zone/route.ts'),
};

const PATHS: Record<RouteName, (id?: string) => string> = {
  me: () => '/api/me',
  list: () => '/api/calls-dashboard',
  detail: (id) => `/api/calls-dashboard/${id}`,
  recording: (id) => `/api/calls-dashboard/${id}/recording`,
  'access-log': () => '/api/access-log',
  'webhook-settings': () => '/api/settings/webhooks',
  'rotate-secret': () => '/api/settings/webhooks/secret',
  'retire-secret': () => '/api/settings/webhooks/secret/retire',
  'webhook-test': () => '/api/settings/webhooks/test',
  'vapi-secret': () => '/api/settings/webhooks/vapi/secret',
  'retell-key': () => '/api/settings/webhooks/retell/key',
  'retire-credential': () => '/api/settings/webhooks/provider-credential/retire',
  pipeline: () => '/api/settings/pipeline',
  requeue: () => '/api/settings/pipeline/requeue',
  retention: () => '/api/retention',
  'legal-hold': (id) => `/api/calls-dashboard/${id}/legal-hold`,
  'erasure-receipts': () => '/api/erasure-receipts',
  export: () => '/api/calls-dashboard/export',
  overview: () => '/api/overview',
  'time-zone': () => '/api/settings/time-zone',
};

/** The routes that take a POST with a JSON body. */
export const POST_ROUTES: readonly RouteName[] = ['rotate-secret', 'retire-secret', 'webhook-test', 'requeue', 'vapi-secret', 'retire-credential'];
/** The routes that take a PUT with a JSON body. */
export const PUT_ROUTES: readonly RouteName[] = ['retell-key'];

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export async function callRoute(
  route: RouteName,
  opts: {
    token?: string | null;
    callId?: string;
    query?: string | URLSearchParams;
    /** Default: POST for the POST_ROUTES, PUT for the PUT_ROUTES, else GET. */
    method?: Method;
    /** Sent as application/json (a string as is, anything else JSON-encoded); POST routes send {} when absent. */
    body?: unknown;
    contentType?: string;
  } = {},
): Promise<{ status: number; body: any; text: string }> {
  applyStackEnv();
  const mod = (await modules[route]()) as Partial<Record<Method, Handler>>;
  const method: Method = opts.method ?? (POST_ROUTES.includes(route) ? 'POST' : PUT_ROUTES.includes(route) ? 'PUT' : 'GET');
  const handler = mod[method];
  if (!handler) throw new Error(`${route} has no ${method} handler`);
  const qs = opts.query ? `?${opts.query.toString()}` : '';
  const headers: Record<string, string> = opts.token ? { authorization: `Bearer ${opts.token}` } : {};
  let body: string | undefined;
  // A GET carries no body (a shared body option, e.g. in a loop over routes, applies to writes only).
  const sent = method === 'GET' ? undefined : (opts.body ?? (method === 'POST' ? {} : undefined));
  if (sent !== undefined) {
    body = typeof sent === 'string' ? sent : JSON.stringify(sent);
    headers['content-type'] = opts.contentType ?? 'application/json';
  }
  const request = new Request(`http://localhost:3000${PATHS[route](opts.callId)}${qs}`, { method, headers, body });
  const params: Record<string, string> = opts.callId ? { callId: opts.callId } : {};
  const res = await handler(request, { params: Promise.resolve(params) });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: the assertion on body will say so
  }
  return { status: res.status, body: parsed, text };
}

/** Forged or broken tokens, derived from a real one. */
export async function badTokens(validToken: string) {
  const env = stackEnv();
  const keys = await loadOrCreateKeys(join(env.dataDir, 'jwt-keys.json'), `${env.url}/auth/v1`);
  const claims = decodeJwt(validToken);
  const header = decodeProtectedHeader(validToken);
  const [h, p, s] = validToken.split('.');
  const flipped = s.slice(0, -4) + (s.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA');
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const expired = await signJwt(keys, { ...claims, exp: undefined, iat: undefined }, -120);
  // A key pair nobody trusts, with the real kid: must not verify.
  const { generateKeyPair } = await import('jose');
  const foreign = await generateKeyPair('ES256');
  const foreignSigned = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'ES256', kid: header.kid }).sign(foreign.privateKey);
  return {
    badSignature: `${h}.${p}.${flipped}`,
    algNone: `${b64({ alg: 'none', typ: 'JWT' })}.${p}.`,
    expired,
    foreignKey: foreignSigned,
  };
}

/** Calls any route handler in-process: method, path (for the Request URL), params, JSON body, bearer token. */
export async function invokeRoute(
  handler: (request: Request, context: { params: Promise<any> }) => Promise<Response>,
  opts: { method: string; path: string; token?: string | null; params?: Record<string, string>; body?: unknown; rawBody?: string; contentType?: string },
): Promise<{ status: number; body: any; text: string }> {
  applyStackEnv();
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let payload: string | undefined;
  if (opts.rawBody !== undefined || opts.body !== undefined) {
    payload = opts.rawBody ?? JSON.stringify(opts.body);
    headers['content-type'] = opts.contentType ?? 'application/json';
  }
  const request = new Request(`http://localhost:3000${opts.path}`, { method: opts.method, headers, body: payload });
  const res = await handler(request, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the assertion on body will say so
  }
  return { status: res.status, body, text };
}
