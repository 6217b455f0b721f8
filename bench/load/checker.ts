// The load run's response checker: every response of every virtual user goes through
// checkResponse(), which answers with the violations it finds (none for a correct response).
// Pure on purpose: tests/integration/load-checker.test.ts feeds it real route responses, then the
// same responses with a foreign row injected, and the run itself (bench/load.ts) uses it unchanged.
//
// What "correct" means here:
// - right org: every call id in a body belongs to the caller's org (known ids are checked at once;
//   ids the run has not seen yet are handed back as `unresolved` and looked up in the database at
//   the end), `/api/me` names the caller's org, a signed recording URL names the org's own path;
// - right role: list rows carry list fields only; staff get 403 on admin routes; a suspended org's
//   users get 403 organization_suspended everywhere;
// - no 5xx except a declared outage answer: 503 + Retry-After + `service_unavailable` while a part
//   of the stack is down (for the app's routes), or the gateway's 502 for a direct Auth call while
//   Auth is down (what supabase-js reports as AuthRetryableFetchError and the sign-in form shows as
//   "try again"); and never a 401 while a part is down, which would sign the user out.

export type Role = 'admin' | 'staff';

export interface Actor {
  email: string;
  orgId: string;
  role: Role;
  /** The org is suspended: every route answers 403 organization_suspended. */
  suspended: boolean;
}

export const ENDPOINTS = ['list', 'list-filter', 'list-search', 'detail', 'recording', 'me', 'sign-in', 'refresh', 'webhook', 'webhook-replay'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

export interface Observation {
  endpoint: Endpoint;
  actor: Actor;
  status: number;
  headers: Headers;
  body: unknown;
  /** The call the request named (detail, recording). */
  callId?: string;
  /** A part of the stack was down (or had just come back) when the request was in flight. */
  outage: boolean;
}

/** The list fields (lib/api/contract.ts CallListItem); anything more is a role leak. */
export const LIST_FIELDS = new Set([
  'id', 'callType', 'status', 'fromNumber', 'toNumber', 'contactName', 'agentName', 'startedAt', 'durationSeconds', 'cost', 'sentiment', 'succeeded',
  'hasRecording', 'recordingErasedAt', 'contentErasedAt',
]);

export interface CheckResult {
  violations: string[];
  /** Call ids the checker could not place yet, with the org they must belong to. */
  unresolved: { callId: string; orgId: string; endpoint: Endpoint }[];
}

const ADMIN_ONLY: ReadonlySet<Endpoint> = new Set(['detail', 'recording']);
const APP_ROUTES: ReadonlySet<Endpoint> = new Set(['list', 'list-filter', 'list-search', 'detail', 'recording', 'me']);

function errorCode(body: unknown): string | undefined {
  const error = (body as { error?: { code?: unknown } } | null)?.error;
  return typeof error?.code === 'string' ? error.code : undefined;
}

/** The declared answer of an app route while a part is down: 503, Retry-After, service_unavailable. */
function isDeclared503(o: Observation): boolean {
  return o.status === 503 && Number(o.headers.get('retry-after')) > 0 && errorCode(o.body) === 'service_unavailable';
}

export function checkResponse(o: Observation, orgOfCall: (id: string) => string | undefined): CheckResult {
  const violations: string[] = [];
  const unresolved: CheckResult['unresolved'] = [];
  const where = `${o.endpoint} as ${o.actor.email}`;
  const fail = (what: string) => violations.push(`${where}: ${what}`);
  const ownCall = (id: unknown, what: string) => {
    if (typeof id !== 'string') return fail(`${what} without an id`);
    const org = orgOfCall(id);
    if (org === undefined) unresolved.push({ callId: id, orgId: o.actor.orgId, endpoint: o.endpoint });
    else if (org !== o.actor.orgId) fail(`${what} ${id} belongs to org ${org}, not ${o.actor.orgId}`);
  };

  if (o.status >= 500) {
    if (!o.outage) fail(`${o.status} with every part of the stack up`);
    else if (APP_ROUTES.has(o.endpoint) || o.endpoint.startsWith('webhook')) {
      if (!isDeclared503(o)) fail(`${o.status} during an outage, not 503 + Retry-After + service_unavailable (${JSON.stringify(o.body).slice(0, 120)})`);
    } else if (![502, 503, 504].includes(o.status)) fail(`${o.status} from Auth during an outage`); // supabase-js: AuthRetryableFetchError
    return { violations, unresolved };
  }
  if (o.status === 401 && o.endpoint !== 'sign-in' && o.endpoint !== 'refresh') {
    fail(`401 ${errorCode(o.body) ?? ''}: the browser would sign the user out${o.outage ? ' during an outage' : ''}`);
    return { violations, unresolved };
  }

  if (APP_ROUTES.has(o.endpoint)) {
    if (o.actor.suspended) {
      // A staff member of a suspended org is refused an admin route by the role check first.
      const allowed = ADMIN_ONLY.has(o.endpoint) && o.actor.role === 'staff' ? ['organization_suspended', 'forbidden'] : ['organization_suspended'];
      if (o.status !== 403 || !allowed.includes(errorCode(o.body) ?? '')) fail(`suspended org answered ${o.status} ${errorCode(o.body) ?? ''}`);
      return { violations, unresolved };
    }
    if (ADMIN_ONLY.has(o.endpoint) && o.actor.role === 'staff') {
      if (o.status !== 403 || errorCode(o.body) !== 'forbidden') fail(`staff got ${o.status} on an admin route`);
      return { violations, unresolved };
    }
    if (o.status !== 200) {
      fail(`unexpected ${o.status} ${errorCode(o.body) ?? ''}`);
      return { violations, unresolved };
    }
  }

  const body = o.body as Record<string, unknown>;
  switch (o.endpoint) {
    case 'me': {
      const me = body as { org?: { id?: string }; role?: string };
      if (me.org?.id !== o.actor.orgId) fail(`me names org ${me.org?.id}`);
      if (me.role !== o.actor.role) fail(`me names role ${me.role}`);
      break;
    }
    case 'list':
    case 'list-filter':
    case 'list-search': {
      const calls = body.calls;
      if (!Array.isArray(calls)) {
        fail('list without calls');
        break;
      }
      for (const row of calls as Record<string, unknown>[]) {
        ownCall(row.id, 'list row');
        const extra = Object.keys(row).filter((k) => !LIST_FIELDS.has(k));
        if (extra.length) fail(`list row ${String(row.id)} carries ${extra.join(', ')}`);
      }
      break;
    }
    case 'detail': {
      const call = body.call as { id?: string } | undefined;
      if (call?.id !== o.callId) fail(`detail of ${o.callId} answered ${call?.id}`);
      ownCall(call?.id, 'detail');
      break;
    }
    case 'recording': {
      const url = typeof body.url === 'string' ? new URL(body.url) : null;
      if (!url || !decodeURIComponent(url.pathname).includes(`/${o.actor.orgId}/${o.callId}.`)) fail(`recording URL is not the org's own object (${url?.pathname})`);
      break;
    }
    case 'sign-in':
    case 'refresh': {
      if (o.status !== 200) {
        fail(`auth answered ${o.status}`);
        break;
      }
      const meta = (body.user as { app_metadata?: { org_id?: string; org_role?: string } } | undefined)?.app_metadata;
      if (meta?.org_id !== o.actor.orgId || meta?.org_role !== o.actor.role) fail(`session carries org ${meta?.org_id} role ${meta?.org_role}`);
      break;
    }
    case 'webhook':
    case 'webhook-replay': {
      if (o.status !== 200) {
        fail(`webhook answered ${o.status} ${errorCode(o.body) ?? ''}`);
        break;
      }
      ownCall(body.callId, 'acknowledged call');
      break;
    }
  }
  return { violations, unresolved };
}
