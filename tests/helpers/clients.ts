// supabase-js clients for tests, talking to the test run's local stack.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { inject } from 'vitest';
import type { Database } from '../../lib/database.types.ts';
import { nodeClientOptions as options } from '../../lib/supabase/node-options.ts';

export const DEMO_PASSWORD = 'demo-password-123';

export function stackEnv() {
  return inject('stack');
}

export function anonClient(): SupabaseClient<Database> {
  const env = stackEnv();
  return createClient<Database>(env.url, env.anonKey, options);
}

export function serviceClient(): SupabaseClient<Database> {
  const env = stackEnv();
  return createClient<Database>(env.url, env.serviceRoleKey, options);
}

/** A client whose requests carry `accessToken` (as a signed-in browser would). */
export function clientWithToken(accessToken: string): SupabaseClient<Database> {
  const env = stackEnv();
  return createClient<Database>(env.url, env.anonKey, {
    ...options,
    global: { headers: { Authorization: `Bearer ${accessToken}` } },
  });
}

export async function signIn(email: string, password = DEMO_PASSWORD) {
  const client = anonClient();
  const { data, error } = await client.auth.signInWithPassword({ email, password });
  if (error) throw new Error(`sign-in as ${email} failed: ${error.message}`);
  return { client, session: data.session!, user: data.user! };
}
