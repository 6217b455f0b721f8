// Sessions and refresh tokens, as upstream's legacy (opaque, rotated) refresh tokens: every refresh
// revokes the presented token and issues its child; replaying a revoked token revokes the whole
// session's family, except that the immediate parent of the active token may be replayed within
// the reuse interval (concurrent refreshes from tabs or server renders) and gets the active one.
import { randomBytes, randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { Pool, PoolClient } from '../db.ts';
import type { AuthConfig } from './config.ts';
import { badRequest, OAuthError } from './errors.ts';
import type { AmrEntry, JwtTools } from './jwt.ts';
import { findUserById, isBanned, userJson, type Db, type UserRow } from './users.ts';

export interface SessionResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: ReturnType<typeof userJson>;
}

export interface SessionDeps {
  pool: Pool;
  config: AuthConfig;
  jwt: JwtTools;
}

function newRefreshToken(): string {
  return randomBytes(24).toString('base64url');
}

async function amrFor(db: Db, sessionId: string): Promise<AmrEntry[]> {
  const { rows } = await db.query<{ method: string; at: Date }>(
    'select authentication_method as method, updated_at as at from auth.mfa_amr_claims where session_id = $1 order by updated_at desc',
    [sessionId],
  );
  return rows.map((r) => ({ method: r.method, timestamp: Math.floor(r.at.getTime() / 1000) }));
}

async function sessionResponse(deps: SessionDeps, db: Db, user: UserRow, sessionId: string, refreshToken: string) {
  const { token, exp } = await deps.jwt.mint(user, sessionId, await amrFor(db, sessionId), deps.config.jwtExpiry);
  return {
    access_token: token,
    token_type: 'bearer',
    expires_in: deps.config.jwtExpiry,
    expires_at: exp,
    refresh_token: refreshToken,
    user: userJson(user),
  } satisfies SessionResponse;
}

/** A new session for a successful sign-in: password, or a verified email link (upstream IssueRefreshToken). */
export async function startSession(
  deps: SessionDeps,
  client: PoolClient,
  userId: string,
  req: IncomingMessage,
  ip: string,
  /** The access token's amr method: 'password', or 'otp' for a verified email link (upstream models.OTP). */
  method: 'password' | 'otp' = 'password',
) {
  const sessionId = randomUUID();
  const userAgent = req.headers['user-agent'] ?? null;
  await client.query('insert into auth.sessions (id, user_id, aal, user_agent, ip) values ($1, $2, $3, $4, $5)', [
    sessionId,
    userId,
    'aal1',
    userAgent,
    isIP(ip) ? ip : null,
  ]);
  await client.query(
    `insert into auth.mfa_amr_claims (id, session_id, created_at, updated_at, authentication_method)
     values ($1, $2, now(), now(), $3)`,
    [randomUUID(), sessionId, method],
  );
  const refreshToken = newRefreshToken();
  await client.query('insert into auth.refresh_tokens (token, user_id, session_id) values ($1, $2, $3)', [refreshToken, userId, sessionId]);
  await client.query('update auth.users set last_sign_in_at = now() where id = $1', [userId]);
  const user = await findUserById(client, userId);
  if (!user) throw badRequest('user_not_found', 'User not found');
  return sessionResponse(deps, client, user, sessionId, refreshToken);
}

interface TokenRow {
  id: string;
  token: string;
  user_id: string;
  session_id: string;
  revoked: boolean;
  updated_at: Date;
  not_after: Date | null;
}

/** POST /token?grant_type=refresh_token (upstream tokens.Service.RefreshTokenGrant). */
export async function refreshGrant(deps: SessionDeps, presented: string): Promise<SessionResponse> {
  if (!presented) throw new OAuthError('invalid_request', 'refresh_token required');
  const client = await deps.pool.connect();
  // Reuse detection revokes the family and must stay revoked although the request fails.
  let failure: Error | null = null;
  try {
    await client.query('begin');
    // Row lock: two concurrent refreshes of one token are serialized; the second sees it revoked.
    const { rows } = await client.query<TokenRow>(
      `select rt.id, rt.token, rt.user_id, rt.session_id, rt.revoked, rt.updated_at, s.not_after
       from auth.refresh_tokens rt join auth.sessions s on s.id = rt.session_id
       where rt.token = $1 for update of rt`,
      [presented],
    );
    const token = rows[0];
    if (!token) throw badRequest('refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
    const user = await findUserById(client, token.user_id);
    if (!user) throw badRequest('refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
    if (isBanned(user)) throw badRequest('user_banned', 'Invalid Refresh Token: User Banned');
    if (token.not_after && token.not_after.getTime() < Date.now()) {
      throw badRequest('session_expired', 'Invalid Refresh Token: Session Expired');
    }

    let issued: string;
    if (!token.revoked) {
      issued = newRefreshToken();
      await client.query('update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1', [token.id]);
      await client.query('insert into auth.refresh_tokens (token, user_id, session_id, parent) values ($1, $2, $3, $4)', [
        issued,
        user.id,
        token.session_id,
        token.token,
      ]);
    } else {
      const active = await client.query<{ token: string; parent: string | null }>(
        'select token, parent from auth.refresh_tokens where session_id = $1 and not revoked order by id desc limit 1',
        [token.session_id],
      );
      const withinReuse = token.updated_at.getTime() + deps.config.refreshTokenReuseInterval * 1000 > Date.now();
      if (active.rows[0]?.parent === token.token && withinReuse) {
        issued = active.rows[0].token;
      } else {
        await client.query('update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = $1 and not revoked', [
          token.session_id,
        ]);
        failure = badRequest('refresh_token_already_used', 'Invalid Refresh Token: Already Used');
        await client.query('commit');
        throw failure;
      }
    }
    await client.query('update auth.sessions set updated_at = now(), refreshed_at = now() where id = $1', [token.session_id]);
    const response = await sessionResponse(deps, client, user, token.session_id, issued);
    await client.query('commit');
    return response;
  } catch (error) {
    if (error !== failure) await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Whether the session named by an access token's `session_id` claim still exists. */
export async function sessionExists(db: Db, sessionId: string): Promise<boolean> {
  const { rows } = await db.query('select 1 from auth.sessions where id = $1', [sessionId]);
  return rows.length > 0;
}
