import 'server-only';
// Establishes who is calling, from the bearer token only, without a round trip:
// 1. the JWT signature is verified against the Auth server's JWKS (cached; never trust getSession()),
// 2. org_id / org_role come from the token's app_metadata, which users cannot write.
// Whether that session still exists, whether the org and role are still the user's, and whether the
// org is active is decided by the database on the route's one request (public.request_gate(), run by
// PostgREST before every request), whose refusals lib/api/errors.ts maps to session_expired,
// stale_session, organization_suspended and no_organization.
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { Role } from '@/lib/api/contract';
import { ApiError } from '@/lib/api/errors';
import { serverEnv } from '@/lib/env';
import { isUuid } from '@/lib/uuid';

export type OrgRole = Role;

export interface Principal {
  userId: string;
  email: string | null;
  orgId: string;
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
  const meta = (claims.app_metadata ?? {}) as AppMetadata;
  const orgId = isUuid(meta.org_id) ? meta.org_id.toLowerCase() : null;
  const role = meta.org_role === 'admin' || meta.org_role === 'staff' ? meta.org_role : null;
  if (!orgId || !role) throw new ApiError('no_organization', 'Your account is not a member of any organization.');
  return {
    userId: claims.sub as string,
    email: typeof claims.email === 'string' && claims.email !== '' ? claims.email : null,
    orgId,
    role,
    accessToken: token,
  };
}
