// Database helpers shared by the local Auth and Storage servers and by tests.
import pg from 'pg';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export function createPool(connectionString: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, application_name: 'local-stack' });
  // An idle client that errors (e.g. the server shut down first) must not crash the process.
  pool.on('error', () => {});
  // Nor may a checked-out one (the pool listens only while a client is idle): a fast shutdown of
  // Postgres in the middle of a request (npm run load -- --faults) then fails that request's query
  // with 57P01, which the caller handles, instead of an unhandled 'error' event.
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

export type DbRole = 'anon' | 'authenticated' | 'service_role';

/**
 * Runs `fn` in a transaction as `role` with `request.jwt.claims` set, exactly the way PostgREST
 * does for a request: RLS policies see the caller's claims, never the superuser's.
 */
export async function withClaims<T>(
  pool: pg.Pool,
  role: DbRole,
  claims: Record<string, unknown>,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('begin');
    // Like PostgREST's impersonated-role settings: the role's statement_timeout (anon 3 s,
    // authenticated 8 s) applies to the request, not the service login's.
    await client.query(
      `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true),
              set_config('statement_timeout', coalesce(
                (select substr(c, length('statement_timeout=') + 1)
                   from pg_db_role_setting s, unnest(s.setconfig) c
                  where s.setrole = $1::regrole and s.setdatabase = 0 and c like 'statement_timeout=%'),
                '0'), true)`,
      [role, JSON.stringify(claims)],
    );
    const result = await fn(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    broken = databaseUnreachable(error);
    throw error;
  } finally {
    // A connection the server cut off is dropped, not handed out again.
    client.release(broken);
  }
}

/** A transaction as the connecting (owner) role: for server-side bookkeeping such as auth tables. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('begin');
    const result = await fn(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    broken = databaseUnreachable(error);
    throw error;
  } finally {
    // A connection the server cut off is dropped, not handed out again.
    client.release(broken);
  }
}

/** A pg error that means the database is not there right now (refused, cut off, shutting down). */
export function databaseUnreachable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (/^(ECONNREFUSED|ECONNRESET|57P0[1-3])$/.test(code) || /^08...$/.test(code))) return true;
  return typeof message === 'string' && /^Connection terminated|^connect ECONNREFUSED|not queryable|timeout exceeded when trying to connect/.test(message);
}
