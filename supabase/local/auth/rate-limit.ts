// Brute-force protection for password sign-in: too many FAILED attempts per account or per client
// IP within a window answer 429 `over_request_rate_limit` before the password is even checked, so
// a limited caller learns nothing, not even a right guess. Only failures count: the tests and the
// app sign in successfully many times from one IP and must never be limited for that.
import type { IncomingMessage } from 'node:http';
import { clientIp } from '../http.ts';
import type { AuthConfig } from './config.ts';
import { AuthError } from './errors.ts';
import type { Db } from './users.ts';

type Limits = AuthConfig['rateLimit'];

export function signInIp(req: IncomingMessage, limits: Limits): string {
  if (limits.ipHeader) {
    const raw = req.headers[limits.ipHeader];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.split(',')[0]?.trim();
    if (value) return value;
  }
  return clientIp(req);
}

/**
 * Throws 429 when `email` or `ip` is over its limit. An account's count restarts after a successful
 * sign-in, so a user who mistyped a few times is not locked out later; the IP count does not, or an
 * attacker could reset it with an account of their own.
 */
export async function assertNotRateLimited(db: Db, limits: Limits, email: string, ip: string): Promise<void> {
  const { rows } = await db.query<{ account: number; ip: number }>(
    `with since as (select now() - make_interval(secs => $3) as t)
     select
       (select count(*)::int from auth.sign_in_attempts a, since
         where a.email = $1 and not a.succeeded and a.created_at > greatest(since.t, coalesce(
           (select max(s.created_at) from auth.sign_in_attempts s where s.email = $1 and s.succeeded), since.t))) as account,
       (select count(*)::int from auth.sign_in_attempts a, since
         where a.ip = $2 and not a.succeeded and a.created_at > since.t) as ip`,
    [email.toLowerCase(), ip, limits.windowSeconds],
  );
  const { account, ip: byIp } = rows[0];
  if (account >= limits.perAccount || byIp >= limits.perIp) {
    throw new AuthError(429, 'over_request_rate_limit', 'Request rate limit reached', { retry_after: limits.windowSeconds });
  }
}

export async function recordSignInAttempt(db: Db, limits: Limits, email: string, ip: string, succeeded: boolean) {
  // Rows older than the window no longer matter; pruning here keeps the table tiny without a job.
  await db.query(
    `with pruned as (delete from auth.sign_in_attempts where created_at < now() - make_interval(secs => $4))
     insert into auth.sign_in_attempts (email, ip, succeeded) values ($1, $2, $3)`,
    [email.toLowerCase(), ip, succeeded, limits.windowSeconds],
  );
}
