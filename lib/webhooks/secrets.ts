// Which webhook secrets may verify a delivery: those valid now, of the hinted org only when the
// provider's URL carries `?org=<id>` (the hint only narrows the candidates; the org is still the
// owner of the secret that verifies, so a wrong hint just fails verification).
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '@/lib/database.types';

export interface CandidateSecret {
  orgId: string;
  secret: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE = 1000;

export async function loadCandidateSecrets(
  client: SupabaseClient<Database>,
  orgHint: string | null,
  now: Date,
): Promise<CandidateSecret[]> {
  if (orgHint !== null && !UUID.test(orgHint)) return [];
  const at = now.toISOString();
  const out: CandidateSecret[] = [];
  // Without a hint every org's current secrets are candidates (at most two per org); paged so a
  // PostgREST row cap can never silently drop an org.
  for (let from = 0; ; from += PAGE) {
    let query = client
      // eslint-disable-next-line tenant/require-org-filter -- without an org hint every org's valid secrets are candidates: the org IS the owner of the secret that verifies the delivery (service role, server only)
      .from('webhook_secrets')
      .select('org_id, secret, id')
      .lte('valid_from', at)
      .or(`expires_at.is.null,expires_at.gt."${at}"`);
    if (orgHint) query = query.eq('org_id', orgHint);
    const { data, error } = await query.order('org_id').order('id').range(from, from + PAGE - 1);
    if (error) throw new Error(`loading webhook secrets failed: ${error.message}`);
    for (const row of data) out.push({ orgId: row.org_id, secret: row.secret });
    if (data.length < PAGE) return out;
  }
}
