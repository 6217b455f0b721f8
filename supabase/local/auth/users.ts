// auth.users rows, their JSON form (upstream's models.User) and the queries on them.
import type { Pool, PoolClient } from '../db.ts';
import { AuthError, badRequest, unprocessable } from './errors.ts';

export type Db = Pool | PoolClient;
type Json = Record<string, unknown>;

export interface UserRow {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  email_confirmed_at: Date | null;
  phone: string | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Json | null;
  raw_user_meta_data: Json | null;
  created_at: Date;
  updated_at: Date;
  banned_until: Date | null;
  is_anonymous: boolean;
  deleted_at: Date | null;
  email_change: string | null;
  email_change_sent_at: Date | null;
  invited_at: Date | null;
  confirmation_sent_at: Date | null;
}

// Never the password hash: rows leave this module only as JSON or token claims.
const COLUMNS = `id, aud, role, email, email_confirmed_at, phone, last_sign_in_at, raw_app_meta_data,
  raw_user_meta_data, created_at, updated_at, banned_until, is_anonymous, deleted_at, email_change,
  email_change_sent_at, invited_at, confirmation_sent_at`;

/** The JSON upstream sends for a user (field order and omitempty as in models.User). */
export function userJson(u: UserRow) {
  const iso = (d: Date | null) => (d ? d.toISOString() : undefined);
  return {
    id: u.id,
    aud: u.aud ?? '',
    role: u.role ?? '',
    email: u.email ?? '',
    email_confirmed_at: iso(u.email_confirmed_at),
    invited_at: iso(u.invited_at),
    phone: u.phone ?? '',
    confirmation_sent_at: iso(u.confirmation_sent_at),
    confirmed_at: iso(u.email_confirmed_at),
    new_email: u.email_change || undefined,
    email_change_sent_at: iso(u.email_change_sent_at),
    last_sign_in_at: iso(u.last_sign_in_at),
    app_metadata: appMetadata(u),
    user_metadata: u.raw_user_meta_data ?? {},
    // No identities table locally; upstream would list the email identity here.
    identities: [],
    created_at: u.created_at.toISOString(),
    updated_at: u.updated_at.toISOString(),
    banned_until: iso(u.banned_until),
    is_anonymous: u.is_anonymous,
  };
}

/**
 * app_metadata as upstream stores it: provider/providers plus whatever the admin set. Rows that a
 * seed inserted with SQL may lack provider/providers, so they are filled in when missing.
 */
export function appMetadata(u: UserRow): Json {
  return { provider: 'email', providers: ['email'], ...(u.raw_app_meta_data ?? {}) };
}

/** Upstream's UpdateUserMetaData/UpdateAppMetaData: a shallow merge where `null` deletes the key. */
export function mergeMetadata(current: Json | null, updates: Json): Json {
  const merged: Json = { ...(current ?? {}) };
  for (const [key, value] of Object.entries(updates)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

export function isBanned(u: UserRow): boolean {
  return u.banned_until !== null && u.banned_until.getTime() > Date.now();
}

export async function findUserById(db: Db, id: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(`select ${COLUMNS} from auth.users where id = $1 and deleted_at is null`, [id]);
  return rows[0] ?? null;
}

/** Newest first, like upstream's default sort. */
export async function listUserRows(db: Db, limit: number, offset: number): Promise<UserRow[]> {
  const { rows } = await db.query<UserRow>(
    `select ${COLUMNS} from auth.users where deleted_at is null order by created_at desc, id limit $1 offset $2`,
    [limit, offset],
  );
  return rows;
}

/** bcrypt cost of every stored password (upstream GoTrue's default). */
export const BCRYPT_COST = 10;

// A bcrypt hash of a random, never-used password at the same cost, made once per process. Sign-in
// checks the password against it when the email is unknown (or has no password), so an unknown
// account costs the same hash as a known one and response time does not tell them apart.
let dummyHash: Promise<string> | undefined;
function dummyPasswordHash(db: Db): Promise<string> {
  dummyHash ??= db
    .query<{ hash: string }>(`select extensions.crypt(gen_random_uuid()::text, extensions.gen_salt('bf', $1)) as hash`, [BCRYPT_COST])
    .then((r) => r.rows[0].hash)
    .catch((error: unknown) => {
      dummyHash = undefined;
      throw error;
    });
  return dummyHash;
}

/**
 * The user (null when unknown) and whether `password` matches its bcrypt hash. One bcrypt check
 * runs on every call, against the user's hash or the dummy one: `hash_checked` and `hash_cost`
 * say which cost was paid (tests assert it; they are not used for the decision).
 */
export async function findUserForSignIn(db: Db, email: string, password: string) {
  const dummy = await dummyPasswordHash(db);
  const { rows } = await db.query<Partial<UserRow> & { password_ok: boolean; hash_checked: boolean; hash_cost: number }>(
    `with u as (
       select ${COLUMNS}, encrypted_password from auth.users where lower(email) = lower($1) and deleted_at is null
     ), h as (
       select coalesce((select encrypted_password from u where encrypted_password like '$2%'), $3) as hash
     ), c as materialized (
       -- materialized: exactly one bcrypt per sign-in (an inlined expression could run once per use)
       select h.hash, extensions.crypt($2, h.hash) as computed from h
     )
     select ${COLUMNS.split(',').map((c) => `u.${c.trim()}`).join(', ')},
       c.computed = c.hash and u.encrypted_password is not distinct from c.hash as password_ok,
       c.computed is not null as hash_checked,
       substr(c.hash, 5, 2)::int as hash_cost
     from c left join u on true`,
    [email, password, dummy],
  );
  const row = rows[0];
  return { user: row.id ? (row as UserRow & { password_ok: boolean }) : null, hashChecked: row.hash_checked, hashCost: row.hash_cost };
}

/** The (not deleted) user with this email, compared case-insensitively as upstream does. */
export async function findUserByEmail(db: Db, email: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(`select ${COLUMNS} from auth.users where lower(email) = lower($1) and deleted_at is null`, [email]);
  return rows[0] ?? null;
}

export async function emailTaken(db: Db, email: string, exceptId?: string): Promise<boolean> {
  const { rows } = await db.query(`select 1 from auth.users where lower(email) = lower($1) and id is distinct from $2`, [
    email,
    exceptId ?? null,
  ]);
  return rows.length > 0;
}

/** Upstream's validateEmail: required, at most 255 characters, a plausible format; lower-cased. */
export function validateEmail(email: string): string {
  if (email === '') throw badRequest('validation_failed', 'An email address is required');
  if (email.length > 255) throw badRequest('validation_failed', 'An email address is too long');
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw badRequest('validation_failed', 'Unable to validate email address: invalid format');
  }
  return email.toLowerCase();
}

export function checkPasswordStrength(password: string, minLength: number): void {
  if (password.length < minLength) {
    throw new AuthError(422, 'weak_password', `Password should be at least ${minLength} characters.`, {
      weak_password: { reasons: ['length'] },
    });
  }
}

export const DUPLICATE_EMAIL = () => unprocessable('email_exists', 'A user with this email address has already been registered');

export interface UserChanges {
  email?: string;
  password?: string;
  emailConfirmed?: boolean;
  role?: string;
  userMetadata?: Json;
  appMetadata?: Json;
  /** Absolute ban end; null lifts a ban. */
  bannedUntil?: Date | null;
  emailChange?: string;
}

/** Applies `changes` to one user in one statement; bcrypt (cost 10, as upstream) runs in Postgres. */
export async function updateUser(db: Db, id: string, changes: UserChanges): Promise<UserRow> {
  const sets: string[] = ['updated_at = now()'];
  const params: unknown[] = [id];
  const param = (value: unknown) => `$${params.push(value)}`;
  if (changes.email !== undefined) sets.push(`email = ${param(changes.email)}`, `email_change = ''`, 'email_change_sent_at = null');
  if (changes.password !== undefined) {
    sets.push(`encrypted_password = extensions.crypt(${param(changes.password)}, extensions.gen_salt('bf', ${BCRYPT_COST}))`);
  }
  if (changes.emailConfirmed === true) sets.push('email_confirmed_at = coalesce(email_confirmed_at, now())');
  if (changes.role !== undefined) sets.push(`role = ${param(changes.role)}`);
  if (changes.userMetadata !== undefined) sets.push(`raw_user_meta_data = ${param(JSON.stringify(changes.userMetadata))}::jsonb`);
  if (changes.appMetadata !== undefined) sets.push(`raw_app_meta_data = ${param(JSON.stringify(changes.appMetadata))}::jsonb`);
  if (changes.bannedUntil !== undefined) sets.push(`banned_until = ${param(changes.bannedUntil)}`);
  if (changes.emailChange !== undefined) sets.push(`email_change = ${param(changes.emailChange)}`, 'email_change_sent_at = now()');
  try {
    const { rows } = await db.query<UserRow>(`update auth.users set ${sets.join(', ')} where id = $1 returning ${COLUMNS}`, params);
    return rows[0];
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw DUPLICATE_EMAIL();
    throw error;
  }
}

export async function insertUser(
  db: Db,
  user: {
    id: string;
    email: string;
    password: string | null;
    emailConfirmed: boolean;
    role: string;
    userMetadata: Json;
    appMetadata: Json;
    bannedUntil: Date | null;
  },
): Promise<UserRow> {
  try {
    const { rows } = await db.query<UserRow>(
      `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
         raw_app_meta_data, raw_user_meta_data, banned_until)
       values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', $2, $3,
         case when $4::text is not null then extensions.crypt($4, extensions.gen_salt('bf', ${BCRYPT_COST})) end,
         case when $5 then now() end, $6, $7, $8)
       returning ${COLUMNS}`,
      [
        user.id,
        user.role,
        user.email,
        user.password,
        user.emailConfirmed,
        JSON.stringify(user.appMetadata),
        JSON.stringify(user.userMetadata),
        user.bannedUntil,
      ],
    );
    return rows[0];
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw DUPLICATE_EMAIL();
    throw error;
  }
}

/** Sign-out everywhere, or everywhere but `keepSessionId` (refresh tokens cascade with sessions). */
export async function deleteSessions(db: Db, userId: string, keepSessionId?: string | null) {
  await db.query('delete from auth.sessions where user_id = $1 and id is distinct from $2', [userId, keepSessionId ?? null]);
}
