// One URL for the whole local stack, routed like Supabase's API gateway:
// /rest/v1 -> PostgREST, /auth/v1 -> local Auth, /storage/v1 -> local Storage.
// Opaque API keys (sb_publishable_…, sb_secret_…) are checked here and replaced by the anon /
// service_role JWT before a request goes on, as the hosted gateway does (api-keys.ts).
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { applyApiKey } from './api-keys.ts';
import { databaseUnreachable } from './db.ts';
import type { StackContext, ServiceHandler } from './context.ts';
import { HttpError, sendJson } from './http.ts';

// CORS for the app's own origins only. The demo password is public, so a gateway answering any
// origin would let every web page a developer visits read the local stack through their browser.
const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD',
  'access-control-allow-headers':
    'authorization, apikey, content-type, x-client-info, x-upsert, prefer, range, accept-profile, content-profile, x-supabase-api-version, cache-control, x-metadata, x-retry-count',
  'access-control-expose-headers': 'content-range, content-length, content-type, x-supabase-api-version',
  'access-control-max-age': '3600',
};

/** Origins allowed by default: the app under `npm run dev`, by either loopback name. */
export function defaultCorsOrigins(env: Record<string, string | undefined> = process.env): string[] {
  const configured = env.SUPABASE_CORS_ORIGINS?.split(',').map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean);
  if (configured?.length) return configured;
  const port = env.PORT?.trim() || '3000';
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
}

/** What the gateway answers (502) for a service that is not reachable, as Kong does on hosted Supabase. */
const UPSTREAM_UNREACHABLE = 'An invalid response was received from the upstream server';

export interface GatewayAccessEntry {
  method: string;
  service: string;
  status: number;
  durationMs: number;
}

export function createGateway(opts: {
  ctx: StackContext;
  postgrestUrl: string;
  auth: ServiceHandler;
  storage: ServiceHandler;
  /** Exact origins (scheme://host:port) browsers may call the stack from. */
  corsOrigins: string[];
  /** Fault injection (Stack.auth / Stack.storage): while true, the service answers as if gone. */
  isDown?: (service: 'auth' | 'storage') => boolean;
  /** Called once per answered request (the stack's structured access log); no query, no headers. */
  accessLog?: (entry: GatewayAccessEntry) => void;
}): Server {
  const upstream = new URL(opts.postgrestUrl);
  const allowed = new Set(opts.corsOrigins);
  return createServer(async (req, res) => {
    if (opts.accessLog) {
      const started = performance.now();
      const service = /^\/(rest|auth|storage)\/v1(\/|$)/.exec(new URL(req.url ?? '/', 'http://gateway.local').pathname)?.[1] ?? 'other';
      res.once('finish', () =>
        opts.accessLog?.({ method: req.method ?? 'GET', service, status: res.statusCode, durationMs: Math.round((performance.now() - started) * 10) / 10 }),
      );
    }
    const origin = req.headers.origin;
    res.setHeader('vary', 'Origin');
    if (origin && allowed.has(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v);
    }
    if (req.method === 'OPTIONS') {
      if (origin && !allowed.has(origin)) {
        sendJson(res, 403, { message: 'origin not allowed (SUPABASE_CORS_ORIGINS)' });
        return;
      }
      res.writeHead(204);
      res.end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://gateway.local');
    const path = url.pathname;
    try {
      const rejection = applyApiKey(req.headers, opts.ctx.keys);
      if (rejection) {
        sendJson(res, rejection.status, rejection.body);
        return;
      }
      if (path === '/rest/v1' || path.startsWith('/rest/v1/')) {
        const target = path.slice('/rest/v1'.length) || '/';
        const headers = upstreamHeaders(req, upstream.host);
        const proxied = httpRequest(
          { host: upstream.hostname, port: upstream.port, method: req.method, path: target + url.search, headers },
          (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          },
        );
        proxied.on('error', () => {
          if (!res.headersSent) sendJson(res, 502, { message: UPSTREAM_UNREACHABLE });
          else res.destroy();
        });
        req.pipe(proxied);
        return;
      }
      const service = path === '/auth/v1' || path.startsWith('/auth/v1/') ? 'auth' : path === '/storage/v1' || path.startsWith('/storage/v1/') ? 'storage' : null;
      if (service && opts.isDown?.(service)) {
        sendJson(res, 502, { message: UPSTREAM_UNREACHABLE });
        return;
      }
      if (service === 'auth') {
        await opts.auth(req, res, path.slice('/auth/v1'.length) || '/', url);
        return;
      }
      if (service === 'storage') {
        await opts.storage(req, res, path.slice('/storage/v1'.length) || '/', url);
        return;
      }
      sendJson(res, 404, { message: 'no Route matched with those values' });
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        sendJson(res, error.status, error.body);
        return;
      }
      if (databaseUnreachable(error)) {
        // Auth or Storage lost its database (a restart, a shutdown): retryable, as upstream's 503.
        sendJson(res, 503, { code: 'service_unavailable', message: 'Service Unavailable' });
        return;
      }
      opts.ctx.log(`gateway: ${req.method} ${path} failed: ${(error as Error).stack ?? String(error)}`);
      sendJson(res, 500, { code: 'unexpected_failure', message: 'Internal server error' });
    }
  });
}

/**
 * The request's headers for PostgREST as raw name/value pairs, so a header sent twice reaches it
 * twice, as hosted Supabase's gateway passes it on. This matters: PostgREST takes the first count
 * preference of all `Prefer` headers while its `request.headers` setting keeps the last one, and a
 * gateway that merged them would hide that (docs/security.md, counts). `host` and the values
 * applyApiKey rewrote come from req.headers.
 */
function upstreamHeaders(req: IncomingMessage, host: string): string[] {
  const rewritten = new Set(['host', 'authorization', 'apikey']);
  const out: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (!rewritten.has(req.rawHeaders[i].toLowerCase())) out.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
  }
  out.push('host', host);
  for (const name of ['authorization', 'apikey'] as const) {
    const value = req.headers[name];
    if (value !== undefined) out.push(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return out;
}

