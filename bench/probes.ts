// Probe orgs (top, p90, median, tail by size): one admin user each, created through the Auth admin
// API and signed in with a password, so every HTTP request carries a real access token. Plus the
// keyset cursors at each depth and a call id for the detail query.
import pg from 'pg';
import { createClient } from '@supabase/supabase-js';
import { nodeClientOptions as options } from '../lib/supabase/node-options.ts';
import type { ProbeOrg } from './generate.ts';
import { DEPTHS, type Probe } from './measure-sql.ts';
import { FETCH } from './queries.ts';

const PASSWORD = 'bench-password-123';

export async function prepareProbes(
  stack: { url: string; anonKey: string; serviceRoleKey: string },
  superDb: pg.Client,
  orgs: ProbeOrg[],
): Promise<Probe[]> {
  const admin = createClient(stack.url, stack.serviceRoleKey, options);
  const probes: Probe[] = [];
  for (const org of orgs) {
    const email = `bench-${org.label}-${org.id.slice(0, 8)}@bench.test`;
    const created = await admin.auth.admin.createUser({
      email,
      password: PASSWORD,
      email_confirm: true,
      app_metadata: { org_id: org.id, org_role: 'admin' },
    });
    if (created.error && !/already|exists|registered/i.test(created.error.message)) {
      throw new Error(`creating ${email}: ${created.error.message}`);
    }
    const anon = createClient(stack.url, stack.anonKey, options);
    const signed = await anon.auth.signInWithPassword({ email, password: PASSWORD });
    if (signed.error || !signed.data.session) throw new Error(`signing in ${email}: ${signed.error?.message}`);

    const cursors: Probe['cursors'] = {};
    for (const d of DEPTHS) {
      if (d + FETCH > org.rows) continue;
      const { rows } = await superDb.query<{ v: string; id: string }>(
        `select to_char(started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as v, id
         from public.call_logs where org_id = $1 order by started_at desc, id desc offset $2 limit 1`,
        [org.id, d - 1],
      );
      cursors[d] = rows[0];
    }
    let durationCursor100k: Probe['durationCursor100k'];
    if (100_000 + FETCH <= org.rows) {
      const d = await superDb.query<{ v: string; id: string }>(
        `select duration_seconds::text as v, id from public.call_logs where org_id = $1
         order by duration_seconds desc, id desc offset 99999 limit 1`,
        [org.id],
      );
      durationCursor100k = d.rows[0];
    }
    const { rows } = await superDb.query<{ id: string }>(
      `select id from public.call_logs where org_id = $1 order by started_at desc, id desc offset $2 limit 1`,
      [org.id, Math.min(100, org.rows - 1)],
    );
    const period = await superDb.query<{ from: string; to: string }>(
      `select to_char(d - 89, 'YYYY-MM-DD') as from, to_char(d, 'YYYY-MM-DD') as to
       from (select (max(c.started_at) at time zone o.time_zone)::date as d
             from public.call_logs c join public.organizations o on o.id = c.org_id where c.org_id = $1 group by o.time_zone) x`,
      [org.id],
    );
    probes.push({
      ...org, userId: signed.data.user.id, token: signed.data.session.access_token, cursors, durationCursor100k, callId: rows[0].id,
      overview: period.rows[0],
    });
  }
  return probes;
}
