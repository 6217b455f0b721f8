// Who is calling: the verified bearer JWT decides the Postgres role and the claims RLS sees, exactly
// as PostgREST and hosted Storage do. Nothing about the caller is taken from anywhere else.
import type { IncomingMessage } from 'node:http';
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { DbRole } from '../db.ts';
import { bearerToken } from '../http.ts';
import type { StackKeys } from '../keys.ts';
import { errors } from './errors.ts';

export interface Caller {
  role: DbRole;
  claims: JWTPayload & Record<string, unknown>;
}

const ROLES: readonly DbRole[] = ['anon', 'authenticated', 'service_role'];

export function createCallerVerifier(keys: StackKeys) {
  // Only the stack's own ES256 key (picked by kid); `alg: none` and HS256 forgeries fail here.
  const jwks = createLocalJWKSet(keys.jwks);
  return async function verifyCaller(req: IncomingMessage): Promise<Caller> {
    const apikey = req.headers.apikey;
    const token = bearerToken(req) ?? (typeof apikey === 'string' ? apikey : null);
    if (!token) throw errors.accessDenied('jwt must be provided');
    let claims: Caller['claims'];
    try {
      ({ payload: claims } = await jwtVerify(token, jwks, { algorithms: ['ES256'] }));
    } catch (error) {
      throw errors.accessDenied(jwtMessage(error));
    }
    const role = claims.role as DbRole;
    if (!ROLES.includes(role)) throw errors.accessDenied('invalid role claim');
    return { role, claims };
  };
}

/** The messages of `jsonwebtoken`, which upstream uses and users grep logs for. */
export function jwtMessage(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'jwt expired';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'invalid signature';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'invalid algorithm';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'invalid signature';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `jwt ${error.claim} invalid`;
  return 'jwt malformed';
}
