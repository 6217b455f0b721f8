// Which webhook secrets may verify a delivery: the currently valid secrets (at most two, during a
// rotation) of the org named in the provider's URL (`?org=<id>`). The URL only picks the candidates;
// the org is still the owner of the secret that verifies, so a wrong or foreign org just fails
// verification. Requiring it bounds an unauthenticated request to two HMACs.
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '@/lib/database.types';
import { fromDatabaseError } from '@/lib/api/errors';
import { isUuid } from '@/lib/uuid';

export interface CandidateSecret {
  orgId: string;
  secret: string;
}


export async function loadCandidateSecrets(
  client: SupabaseClient<Database>,
  orgId: string | null,
  now: Date,
): Promise<CandidateSecret[]> {
  if (!isUuid(orgId)) return [];
  const at = now.toISOString();
  const { data, error } = await client
    .from('webhook_secrets')
    .select('org_id, secret')
    .eq('org_id', orgId.toLowerCase())
    .lte('valid_from', at)
    .or(`expires_at.is.null,expires_at.gt."${at}"`)
    .order('valid_from', { ascending: false })
    .limit(2);
  if (error) throw fromDatabaseError(error) ?? new Error(`loading webhook secrets failed: ${error.message}`);
  return data.map((row) => ({ orgId: row.org_id, secret: row.secret }));
}
