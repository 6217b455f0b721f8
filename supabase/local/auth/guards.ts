// Who is calling: upstream's requireAuthentication (a user's access token, its user and session
// still existing) and requireAdmin (a token with an admin role, i.e. the service-role key).
import type { IncomingMessage } from 'node:http';
import { isUuid } from '../../../lib/uuid.ts';
import { bearerToken } from '../http.ts';
import { AuthError, badRequest, forbidden } from './errors.ts';
import type { AccessTokenClaims, JwtTools } from './jwt.ts';
import { sessionExists } from './sessions.ts';
import { findUserById, isBanned, type Db, type UserRow } from './users.ts';

const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const ADMIN_ROLES = ['service_role', 'supabase_admin'];

function requireBearer(req: IncomingMessage): string {
  const token = bearerToken(req);
  if (!token) throw new AuthError(401, 'no_authorization', 'This endpoint requires a valid Bearer token');
  return token;
}

export interface Caller {
  claims: AccessTokenClaims;
  user: UserRow;
  /** null for a token without a session_id claim. */
  sessionId: string | null;
}

export async function authenticate(req: IncomingMessage, jwt: JwtTools, db: Db): Promise<Caller> {
  const claims = await jwt.verify(requireBearer(req));
  if (!claims.sub) throw forbidden('bad_jwt', 'invalid claim: missing sub claim');
  if (!isUuid(claims.sub)) throw badRequest('bad_jwt', 'invalid claim: sub claim must be a UUID');
  const user = await findUserById(db, claims.sub);
  if (!user) throw forbidden('user_not_found', 'User from sub claim in JWT does not exist');

  let sessionId: string | null = null;
  if (claims.session_id && claims.session_id !== NIL_UUID) {
    if (!isUuid(claims.session_id)) throw forbidden('bad_jwt', 'invalid claim: session_id claim must be a UUID');
    // A signed-out session's access tokens stay cryptographically valid until they expire; this
    // lookup is what makes signing out effective here.
    if (!(await sessionExists(db, claims.session_id))) {
      throw forbidden('session_not_found', 'Session from session_id claim in JWT does not exist');
    }
    sessionId = claims.session_id;
  }
  // A ban takes effect on tokens issued before it, not only at the next sign-in or refresh.
  if (isBanned(user)) throw forbidden('user_banned', 'User is banned');
  return { claims, user, sessionId };
}

export async function requireAdmin(req: IncomingMessage, jwt: JwtTools): Promise<void> {
  const claims = await jwt.verify(requireBearer(req));
  if (!claims.role || !ADMIN_ROLES.includes(claims.role)) throw forbidden('not_admin', 'User not allowed');
}
