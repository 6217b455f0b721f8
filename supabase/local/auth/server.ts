// Local Auth: the subset of the Supabase Auth (GoTrue) HTTP API the app and tests use, over the
// same auth.* tables hosted Supabase uses. Request and response shapes, status codes and error
// codes follow upstream so supabase-js behaves exactly as against hosted Supabase; contract tests
// in tests/integration/auth-contract.test.ts drive it only through supabase-js.
//
// Settings (environment, read at stack start): AUTH_JWT_EXPIRY, AUTH_REFRESH_TOKEN_REUSE_INTERVAL,
// AUTH_PASSWORD_MIN_LENGTH, AUTH_RATE_LIMIT_PER_ACCOUNT, AUTH_RATE_LIMIT_PER_IP,
// AUTH_RATE_LIMIT_WINDOW, AUTH_RATE_LIMIT_HEADER, AUTH_SITE_URL, AUTH_REDIRECT_ORIGINS, AUTH_OTP_EXPIRY,
// AUTH_OTP_MAX_FREQUENCY; see config.ts. Email links (invite, magic link) land in auth.local_mailbox
// instead of an inbox: see mail.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceHandler, StackContext } from '../context.ts';
import { databaseUnreachable } from '../db.ts';
import { sendJson } from '../http.ts';
import { getUser, logout, updateOwnUser } from './account.ts';
import { createUser, deleteUser, getUserById, listUsers, updateUserById } from './admin.ts';
import { loadAuthConfig } from './config.ts';
import { AuthError, OAuthError, sendError } from './errors.ts';
import { requireAdmin } from './guards.ts';
import { invite, otp, verify } from './mail.ts';
import { createJwtTools } from './jwt.ts';
import { token } from './token.ts';

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = (req: IncomingMessage, url: URL, params: string[]) => Promise<Reply>;

interface Route {
  path: RegExp;
  methods: Record<string, Handler>;
}

const ok = (body: unknown, headers?: Record<string, string>): Reply => ({ status: 200, body, headers });

export function createAuthService(ctx: StackContext): ServiceHandler {
  const config = loadAuthConfig(process.env, ctx.appOrigins);
  const jwt = createJwtTools(ctx.keys, `${ctx.publicUrl}/auth/v1`);
  const deps = { pool: ctx.pool, config, jwt };
  const mailDeps = { ...deps, log: ctx.log };
  const admin =
    (handler: Handler): Handler =>
    async (req, url, params) => {
      await requireAdmin(req, jwt);
      return handler(req, url, params);
    };

  const routes: Route[] = [
    { path: /^\/token$/, methods: { POST: async (req, url) => ok(await token(deps, req, url)) } },
    {
      path: /^\/user$/,
      methods: {
        GET: async (req) => ok(await getUser(deps, req)),
        PUT: async (req) => ok(await updateOwnUser(deps, req, ctx.log)),
      },
    },
    { path: /^\/invite$/, methods: { POST: admin(async (req, url) => ok(await invite(mailDeps, req, url))) } },
    { path: /^\/otp$/, methods: { POST: async (req, url) => ok(await otp(mailDeps, req, url)) } },
    { path: /^\/verify$/, methods: { POST: async (req) => ok(await verify(mailDeps, req)) } },
    { path: /^\/logout$/, methods: { POST: async (req, url) => (await logout(deps, req, url), { status: 204 }) } },
    {
      path: /^\/admin\/users$/,
      methods: {
        GET: admin(async (_req, url) => {
          const { body, headers } = await listUsers(deps, url);
          return ok(body, headers);
        }),
        POST: admin(async (req) => ok(await createUser(deps, req))),
      },
    },
    {
      path: /^\/admin\/users\/([^/]+)$/,
      methods: {
        GET: admin(async (_req, _url, [id]) => ok(await getUserById(deps, id))),
        PUT: admin(async (req, _url, [id]) => ok(await updateUserById(deps, req, id))),
        DELETE: admin(async (req, _url, [id]) => ok(await deleteUser(deps, req, id))),
      },
    },
    {
      path: /^\/\.well-known\/jwks\.json$/,
      methods: { GET: async () => ok(ctx.keys.jwks, { 'cache-control': 'public, max-age=600' }) },
    },
    {
      path: /^\/health$/,
      methods: {
        GET: async () => ok({ version: 'local', name: 'GoTrue', description: 'GoTrue is a user registration and authentication API' }),
      },
    },
    {
      path: /^\/settings$/,
      methods: {
        // Only what exists locally: email+password. disable_signup because /signup is not served.
        GET: async () =>
          ok({
            external: { anonymous_users: false, email: true, phone: false },
            disable_signup: true,
            mailer_autoconfirm: false,
            phone_autoconfirm: false,
            sms_provider: '',
            saml_enabled: false,
          }),
      },
    },
  ];

  return async (req, res, path, url) => {
    try {
      send(res, await dispatch(routes, req, path, url));
    } catch (error) {
      if (error instanceof AuthError || error instanceof OAuthError) {
        sendError(req, res, error);
        return;
      }
      // Its database gone (a restart, a shutdown): retryable, so supabase-js keeps the session.
      if (databaseUnreachable(error)) {
        sendError(req, res, new AuthError(503, 'service_unavailable', 'Service Unavailable'));
        return;
      }
      // Details go to the stack log only; the client gets upstream's generic 500.
      ctx.log(`auth: ${req.method} ${path} failed: ${(error as Error).stack ?? String(error)}`);
      sendError(req, res, new AuthError(500, 'unexpected_failure', 'Unexpected failure, please check server logs for more information'));
    }
  };
}

async function dispatch(routes: Route[], req: IncomingMessage, path: string, url: URL): Promise<Reply> {
  for (const route of routes) {
    const match = route.path.exec(path);
    if (!match) continue;
    const handler = route.methods[req.method ?? 'GET'];
    if (!handler) throw new AuthError(405, 'method_not_allowed', 'Method not allowed');
    return handler(req, url, match.slice(1).map(decodeSegment));
  }
  throw new AuthError(404, 'not_found', 'Not found');
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new AuthError(404, 'not_found', 'Not found');
  }
}

function send(res: ServerResponse, reply: Reply) {
  if (reply.status === 204) {
    res.writeHead(204, reply.headers ?? {});
    res.end();
    return;
  }
  sendJson(res, reply.status, reply.body, reply.headers);
}
