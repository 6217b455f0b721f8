import 'server-only';
// Establishes who is calling, from the bearer token only:
// 1. the JWT signature is verified against the Auth server's JWKS (never trust getSession()),
// 2. the Auth server confirms the session still exists (sign-out takes effect at once),
// 3. org_id / org_role come from the token's app_metadata, which users cannot write; if the user's
//    current app_metadata disagrees, the token is stale and the client must refresh first,
// 4. the org must exist and be active.
import { isAuthRetryableFetchError } from '@supabase/supabase-js';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { ApiError } from '@/lib/api/errors';
import { createAdminClient } from '@/lib/supabase/admin';
import { createUserClient } from '@/lib/supabase/server';
import { serverEnv } from '@/lib/env';

export type OrgRole = 'admin' | 'staff';

export interface Principal {
  userId: string;
  email: string | null;
  orgId: string;
  orgName: string;
  role: OrgRole;
  accessToken: string;
}

// Keys are cached per Auth URL (jose refetches on an unknown kid): a key cache, not a client.
const jwksByUrl = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
function jwks(authUrl: string) {
  let set = jwksByUrl.get(authUrl);
  if (!set) {
    set = createRemoteJWKSet(new URL(`${authUrl}/.well-known/jwks.json`), { cooldownDuration: 30_000 });
    jwksByUrl.set(authUrl, set);
  }
  return set;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface AppMetadata {
  org_id?: unknown;
  org_role?: unknown;
}

export function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization');
  const match = header ? /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim()) : null;
  return match ? match[1] : null;
}

export async function verifyAccessToken(token: string): Promise<JWTPayload> {
  const authUrl = `${serverEnv().url}/auth/v1`;
  try {
    const { payload } = await jwtVerify(token, jwks(authUrl), {
      algorithms: ['ES256', 'RS256'],
      audience: 'authenticated',
      issuer: authUrl,
    });
    if (payload.role !== 'authenticated' || typeof payload.sub !== 'string') {
      throw new ApiError('invalid_token', 'This token does not belong to a signed-in user.');
    }
    return payload;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (error instanceof joseErrors.JWTExpired) throw new ApiError('session_expired', 'Your session has expired. Please sign in again.');
    if (error instanceof joseErrors.JOSEError) throw new ApiError('invalid_token', 'The access token is not valid.');
    throw error;
  }
}

export async function authenticate(request: Request): Promise<Principal> {
  const token = bearerToken(request);
  if (!token) throw new ApiError('unauthorized', 'Sign in to continue.');
  const claims = await verifyAccessToken(token);

  const { data: userData, error: userError } = await createUserClient(token).auth.getUser(token);
  // The Auth server being unreachable or failing says nothing about the session: answer 503, so
  // the client retries instead of treating it as a sign-out.
  if (userError && (isAuthRetryableFetchError(userError) || (userError.status ?? 0) >= 500)) {
    throw new ApiError('service_unavailable', 'Sign-in could not be checked right now. Please try again.');
  }
  if (userError || !userData.user || userData.user.id !== claims.sub) {
    throw new ApiError('session_expired', 'Your session has ended. Please sign in again.');
  }

  const tokenMeta = (claims.app_metadata ?? {}) as AppMetadata;
  const currentMeta = (userData.user.app_metadata ?? {}) as AppMetadata;
  if (tokenMeta.org_id !== currentMeta.org_id || tokenMeta.org_role !== currentMeta.org_role) {
    throw new ApiError('stale_session', 'Your access changed. Refresh the session to continue.');
  }
  const orgId = typeof tokenMeta.org_id === 'string' && UUID.test(tokenMeta.org_id) ? tokenMeta.org_id.toLowerCase() : null;
  const role = tokenMeta.org_role === 'admin' || tokenMeta.org_role === 'staff' ? tokenMeta.org_role : null;
  if (!orgId || !role) throw new ApiError('no_organization', 'Your account is not a member of any organization.');

  // The org named by the verified claims; the service role reads its status (a suspended org is
  // invisible to its own users under RLS, so the user's client could not tell suspended from absent).
  const { data: org, error: orgError } = await createAdminClient()
    .from('organizations')
    .select('id, name, status')
    .eq('id', orgId)
    .maybeSingle();
  if (orgError) throw orgError;
  if (!org) throw new ApiError('no_organization', 'Your account is not a member of any organization.');
  if (org.status !== 'active') throw new ApiError('organization_suspended', `${org.name} is suspended. Contact support to restore access.`);

  return {
    userId: claims.sub as string,
    email: typeof claims.email === 'string' ? claims.email : null,
    orgId,
    orgName: org.name,
    role,
    accessToken: token,
  };
}
