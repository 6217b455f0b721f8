// The admin user API, /admin/users[/:id] (upstream admin.go). The caller is already checked to hold
// the service-role key; these handlers trust their input only as far as upstream does.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { inTransaction, type Pool } from '../db.ts';
import { metadata, readBodyAs } from './body.ts';
import type { AuthConfig } from './config.ts';
import { AuthError, badRequest, notFound, unprocessable } from './errors.ts';
import { isUuid } from '../../../lib/uuid.ts';
import {
  checkPasswordStrength,
  deleteSessions,
  DUPLICATE_EMAIL,
  emailTaken,
  findUserById,
  insertUser,
  listUserRows,
  mergeMetadata,
  updateUser,
  userJson,
  validateEmail,
  type UserChanges,
  type UserRow,
} from './users.ts';

const AdminUserParams = z.object({
  id: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  password: z.string().nullish(),
  email_confirm: z.boolean().optional(),
  role: z.string().optional(),
  user_metadata: metadata.nullish(),
  app_metadata: metadata.nullish(),
  ban_duration: z.string().optional(),
});
type AdminUserParams = z.infer<typeof AdminUserParams>;

interface AdminDeps {
  pool: Pool;
  config: AuthConfig;
}

const DEFAULT_PER_PAGE = 50;
const MAX_PER_PAGE = 1000;

export async function listUsers(deps: AdminDeps, url: URL) {
  const page = pageParam(url, 'page', 1);
  const perPage = Math.min(pageParam(url, 'per_page', DEFAULT_PER_PAGE), MAX_PER_PAGE);
  const { rows } = await deps.pool.query<{ total: number }>('select count(*)::int as total from auth.users where deleted_at is null');
  const total = rows[0].total;
  const users = (await listUserRows(deps.pool, perPage, (page - 1) * perPage)).map(userJson);
  return { body: { users, aud: 'authenticated' }, headers: paginationHeaders(url, page, perPage, total) };
}

function pageParam(url: URL, name: string, fallback: number): number {
  const raw = url.searchParams.get(name);
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1) throw badRequest('validation_failed', `Bad Pagination Parameters: invalid ${name}`);
  return value;
}

/** Upstream AddPaginationHeaders: `link` with next/last pages (auth-js parses it) and the total. */
function paginationHeaders(url: URL, page: number, perPage: number, total: number): Record<string, string> {
  const lastPage = Math.max(Math.ceil(total / perPage), 1);
  const link = (p: number) => {
    const query = new URLSearchParams(url.searchParams);
    query.set('page', String(p));
    query.set('per_page', String(perPage));
    query.sort();
    return `</admin/users?${query}>`;
  };
  const links = [];
  if (lastPage > page) links.push(`${link(page + 1)}; rel="next"`);
  links.push(`${link(lastPage)}; rel="last"`);
  return { link: links.join(', '), 'x-total-count': String(total) };
}

export async function getUserById(deps: AdminDeps, id: string) {
  return userJson(await loadUser(deps, id));
}

async function loadUser(deps: AdminDeps, id: string): Promise<UserRow> {
  if (!isUuid(id)) throw notFound('validation_failed', 'user_id must be an UUID');
  const user = await findUserById(deps.pool, id);
  if (!user) throw notFound('user_not_found', 'User not found');
  return user;
}

export async function createUser(deps: AdminDeps, req: IncomingMessage) {
  const params = await readBodyAs(req, AdminUserParams);
  if (params.phone) throw badRequest('validation_failed', 'Phone users are not supported by the local Auth server');
  if (!params.email) throw unprocessable('validation_failed', 'Cannot create a user without either an email or phone');
  const email = validateEmail(params.email);
  if (params.id !== undefined && !isUuid(params.id)) throw badRequest('validation_failed', 'id must be a UUID');
  if (typeof params.password === 'string') checkPasswordStrength(params.password, deps.config.passwordMinLength);
  const bannedUntil = params.ban_duration ? banEnd(params.ban_duration) : null;
  if (await emailTaken(deps.pool, email)) throw DUPLICATE_EMAIL();

  const user = await insertUser(deps.pool, {
    id: params.id ?? randomUUID(),
    email,
    password: params.password ?? null,
    emailConfirmed: params.email_confirm === true,
    role: params.role || 'authenticated',
    userMetadata: mergeMetadata({}, params.user_metadata ?? {}),
    appMetadata: mergeMetadata({ provider: 'email', providers: ['email'] }, params.app_metadata ?? {}),
    bannedUntil,
  });
  return userJson(user);
}

export async function updateUserById(deps: AdminDeps, req: IncomingMessage, id: string) {
  const user = await loadUser(deps, id);
  const params: AdminUserParams = await readBodyAs(req, AdminUserParams);
  if (params.phone) throw badRequest('validation_failed', 'Phone users are not supported by the local Auth server');

  const changes: UserChanges = {};
  if (params.email) {
    const email = validateEmail(params.email);
    if (email !== user.email) {
      if (await emailTaken(deps.pool, email, user.id)) throw DUPLICATE_EMAIL();
      changes.email = email;
    }
  }
  if (typeof params.password === 'string') {
    checkPasswordStrength(params.password, deps.config.passwordMinLength);
    changes.password = params.password;
  }
  if (params.email_confirm === true) changes.emailConfirmed = true;
  if (params.role) changes.role = params.role;
  if (params.user_metadata) changes.userMetadata = mergeMetadata(user.raw_user_meta_data, params.user_metadata);
  // Merged like upstream's UpdateAppMetaData; provider/providers stay unless set to null.
  if (params.app_metadata) changes.appMetadata = mergeMetadata(user.raw_app_meta_data, params.app_metadata);
  if (params.ban_duration) changes.bannedUntil = banEnd(params.ban_duration);

  const updated = await inTransaction(deps.pool, async (client) => {
    const row = await updateUser(client, user.id, changes);
    // As upstream: a password set by an admin signs the user out everywhere.
    if (changes.password !== undefined) await deleteSessions(client, user.id);
    return row;
  });
  return userJson(updated);
}

const DeleteParams = z.object({ should_soft_delete: z.boolean().optional() });

export async function deleteUser(deps: AdminDeps, req: IncomingMessage, id: string) {
  const user = await loadUser(deps, id);
  const { should_soft_delete: soft } = await readBodyAs(req, DeleteParams);
  try {
    if (soft) {
      // Upstream SoftDeleteUser: the row stays for foreign keys, but the email is obfuscated, the
      // password cleared and every session ended, so the account can never sign in again.
      await inTransaction(deps.pool, async (client) => {
        await client.query(
          `update auth.users set deleted_at = now(), updated_at = now(), encrypted_password = '',
             email = encode(extensions.digest(id::text || coalesce(email, ''), 'sha256'), 'hex'), email_change = ''
           where id = $1`,
          [user.id],
        );
        await deleteSessions(client, user.id);
      });
    } else {
      await deps.pool.query('delete from auth.users where id = $1', [user.id]);
    }
  } catch (error) {
    // e.g. a project table referencing auth.users without on delete cascade.
    if ((error as { code?: string }).code === '23503') throw new AuthError(500, 'unexpected_failure', 'Database error deleting user');
    throw error;
  }
  return {};
}

/** Upstream's ban_duration: a Go duration ("24h", "1h30m") or "none" to lift the ban. */
function banEnd(duration: string): Date | null {
  if (duration === 'none') return null;
  const ms = parseGoDuration(duration);
  if (ms === null) throw badRequest('validation_failed', `invalid format for ban duration: time: invalid duration "${duration}"`);
  return ms === 0 ? null : new Date(Date.now() + ms);
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1e3, m: 6e4, h: 3.6e6 };

export function parseGoDuration(text: string): number | null {
  const match = /^([-+]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+|0)$/.exec(text);
  if (!match) return null;
  let total = 0;
  for (const [, value, unit] of match[2].matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(value) * UNIT_MS[unit];
  }
  return match[1] === '-' ? -total : total;
}
