// Demo webhook signing secrets: one per demo org, random per machine (never committed), created
// only when the org has no currently valid secret. `npm run simulate:call` reads Acme's secret back
// with the service role to sign its webhook, as the provider would with its copy.
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
