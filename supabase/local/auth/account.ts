// The signed-in user's own endpoints: GET /user, PUT /user, POST /logout (upstream user.go, logout.go).
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { inTransaction } from '../db.ts';
import { metadata, readBodyAs } from './body.ts';
import { badRequest, forbidden, unprocessable } from './errors.ts';
import { authenticate } from './guards.ts';
import type { SessionDeps } from './sessions.ts';
import {
  checkPasswordStrength,
  deleteSessions,
  DUPLICATE_EMAIL,
  emailTaken,
  mergeMetadata,
  updateUser,
  userJson,
  validateEmail,
  type Db,
  type UserChanges,
} from './users.ts';

const REQUEST_AUD = 'authenticated';

export async function getUser(deps: SessionDeps, req: IncomingMessage) {
  const { claims, user } = await authenticate(req, deps.jwt, deps.pool);
  const aud = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
  if (aud !== REQUEST_AUD) throw badRequest('validation_failed', "Token audience doesn't match request audience");
  return userJson(user);
}

const UserUpdate = z.object({
  email: z.string().optional(),
  password: z.string().nullish(),
  data: metadata.nullish(),
  app_metadata: metadata.nullish(),
  phone: z.string().optional(),
});

export async function updateOwnUser(deps: SessionDeps, req: IncomingMessage, log: (line: string) => void) {
  const caller = await authenticate(req, deps.jwt, deps.pool);
  const params = await readBodyAs(req, UserUpdate);
  const email = params.email ? validateEmail(params.email) : undefined;
  if (typeof params.password === 'string') checkPasswordStrength(params.password, deps.config.passwordMinLength);
  // app_metadata drives authorization (org_id, org_role in RLS): only the admin API may write it.
  if (params.app_metadata) throw forbidden('not_admin', 'Updating app_metadata requires admin privileges');
  if (params.phone) throw unprocessable('phone_provider_disabled', 'Phone logins are disabled');
  const { user } = caller;
  const changesEmail = email !== undefined && email !== user.email;
  if (changesEmail && (await emailTaken(deps.pool, email, user.id))) throw DUPLICATE_EMAIL();
  if (typeof params.password === 'string' && (await isCurrentPassword(deps.pool, user.id, params.password))) {
    throw unprocessable('same_password', 'New password should be different from the old password.');
  }

  const changes: UserChanges = {};
  if (typeof params.password === 'string') changes.password = params.password;
  if (params.data) changes.userMetadata = mergeMetadata(user.raw_user_meta_data, params.data);
  // Upstream mails a confirmation link and changes the email only once it is followed; there is
  // no mailer locally, so the change stays pending (visible as new_email), as it would until then.
  if (changesEmail) changes.emailChange = email;

  const updated = await inTransaction(deps.pool, async (client) => {
    const row = await updateUser(client, user.id, changes);
    // As upstream: a new password signs out every other session of the user.
    if (changes.password !== undefined) await deleteSessions(client, user.id, caller.sessionId);
    return row;
  });
  if (changesEmail) log(`auth: email change of user ${user.id} to ${email} is pending (no mailer in the local stack)`);
  return userJson(updated);
}

async function isCurrentPassword(db: Db, userId: string, password: string): Promise<boolean> {
  const { rows } = await db.query<{ same: boolean }>(
    `select encrypted_password like '$2%' and encrypted_password = extensions.crypt($2, encrypted_password) as same
     from auth.users where id = $1`,
    [userId, password],
  );
  return rows[0]?.same === true;
}

export async function logout(deps: SessionDeps, req: IncomingMessage, url: URL): Promise<void> {
  const scope = url.searchParams.get('scope') || 'global';
  if (!['global', 'local', 'others'].includes(scope)) throw badRequest('validation_failed', `Unsupported logout scope "${scope}"`);
  const { user, sessionId } = await authenticate(req, deps.jwt, deps.pool);
  if (sessionId && scope === 'local') {
    await deps.pool.query('delete from auth.sessions where id = $1', [sessionId]);
  } else if (sessionId && scope === 'others') {
    await deleteSessions(deps.pool, user.id, sessionId);
  } else {
    // global, or a token without a session: upstream signs the user out everywhere.
    await deleteSessions(deps.pool, user.id);
  }
}
