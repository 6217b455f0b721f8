// Brute-force protection for password sign-in: too many FAILED attempts per account or per client
// IP within a window answer 429 `over_request_rate_limit` before the password is even checked, so
// a limited caller learns nothing, not even a right guess. Only failures count: the tests and the
// app sign in successfully many times from one IP and must never be limited for that.
//
// The limit must hold under concurrency: reading a count and writing it later lets 40 parallel
// guesses all see "9 failures so far". So every attempt first RESERVES a slot on both counters in
// one atomic statement (insert … on conflict do update … returning: the row lock serialises
// concurrent attempts on one key) and is refused when a reservation lands over a limit. A slot
// that turns out not to be a failure (a success, or an attempt refused by the other counter) is
// given back afterwards.
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

export const accountKey = (email: string) => `account:${email.toLowerCase()}`;
export const ipKey = (ip: string) => `ip:${ip}`;

export interface SignInReservation {
  account: string;
  ip: string;
}

const tooMany = (limits: Limits) =>
  new AuthError(429, 'over_request_rate_limit', 'Request rate limit reached', { retry_after: limits.windowSeconds });

/**
 * Reserves one failure slot for `email` and for `ip` (a fixed window per key that restarts once it
 * is older than `windowSeconds`), or throws 429 when either is over its limit — in which case
 * nothing stays reserved on the other counter. Rows are ordered account-then-ip in every call, so
 * concurrent statements lock keys in the same order and cannot deadlock.
 */
export async function reserveSignInAttempt(db: Db, limits: Limits, email: string, ip: string): Promise<SignInReservation> {
  const reservation = { account: accountKey(email), ip: ipKey(ip) };
  const { rows } = await db.query<{ key: string; failures: number }>(
    `insert into auth.sign_in_limits as l (key, failures, window_start)
     values ($1, 1, now()), ($2, 1, now())
     on conflict (key) do update set
       failures = case when l.window_start <= now() - make_interval(secs => $3) then 1 else l.failures + 1 end,
       window_start = case when l.window_start <= now() - make_interval(secs => $3) then now() else l.window_start end
     returning key, failures`,
    [reservation.account, reservation.ip, limits.windowSeconds],
  );
  const count = (key: string) => rows.find((r) => r.key === key)?.failures ?? 0;
  const accountOver = count(reservation.account) > limits.perAccount;
  const ipOver = count(reservation.ip) > limits.perIp;
  if (accountOver || ipOver) {
    // A refused attempt is not a failure the password check saw: give the slots back, so hammering
    // a locked account does not also use up the IP's budget (and the other way round).
    await releaseSlots(db, [reservation.account, reservation.ip]);
    throw tooMany(limits);
  }
  return reservation;
}

/** The attempt succeeded: the account's count restarts, and the IP slot is given back. */
export async function recordSignInSuccess(db: Db, reservation: SignInReservation): Promise<void> {
  // The IP count does not restart: an attacker could reset it with an account of their own.
  await db.query(
    `with reset as (delete from auth.sign_in_limits where key = $1)
     update auth.sign_in_limits set failures = greatest(failures - 1, 0) where key = $2`,
    [reservation.account, reservation.ip],
  );
}

async function releaseSlots(db: Db, keys: string[]): Promise<void> {
  await db.query(`update auth.sign_in_limits set failures = greatest(failures - 1, 0) where key = any($1)`, [keys]);
}

/** Expired windows no longer matter; pruning on the way keeps the table tiny without a job. */
export async function pruneSignInLimits(db: Db, limits: Limits): Promise<void> {
  await db.query(`delete from auth.sign_in_limits where window_start < now() - make_interval(secs => $1)`, [limits.windowSeconds]);
}
