// Demo webhook signing secrets: one per demo org, random per machine (never committed), created
// only when the org has no currently valid secret. `npm run simulate:call` reads Acme's secret back
// with the service role to sign its webhook, as the provider would with its copy.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { generateWebhookSecret } from '../../../lib/webhooks/signature.ts';
import { ORGS } from './demo-constants.ts';

export async function seedWebhookSecrets(db: Pick<pg.Client, 'query'>): Promise<number> {
  let created = 0;
  for (const org of Object.values(ORGS)) {
    const r = await db.query(
      `insert into public.webhook_secrets (org_id, secret)
       select $1, $2
       where not exists (
         select 1 from public.webhook_secrets s
         where s.org_id = $1 and s.valid_from <= now() and (s.expires_at is null or s.expires_at > now())
       )`,
      [org.id, generateWebhookSecret()],
    );
    created += r.rowCount ?? 0;
  }
  return created;
}

/**
 * Demo provider endpoints: per demo org one Vapi endpoint (HMAC credential) and one Retell endpoint
 * (the key stands in for the org's Retell API key), random per machine, created only when the org
 * has no enabled endpoint of that provider. `npm run simulate:call -- --provider vapi|retell` reads
 * them back with the service role, as the provider holds its copy.
 */
export async function seedProviderEndpoints(db: Pick<pg.Client, 'query'>): Promise<number> {
  let created = 0;
  for (const org of Object.values(ORGS)) {
    for (const [provider, method] of [['vapi', 'hmac'], ['retell', 'retell-signature']] as const) {
      const r = await db.query(
        `insert into public.provider_webhook_endpoints (org_id, provider, auth_method, secret)
         select $1, $2, $3, $4
         where not exists (
           select 1 from public.provider_webhook_endpoints e
           where e.org_id = $1 and e.provider = $2 and e.disabled_at is null
         )`,
        [org.id, provider, method, `key_${randomBytes(24).toString('hex')}`],
      );
      created += r.rowCount ?? 0;
    }
  }
  return created;
}
