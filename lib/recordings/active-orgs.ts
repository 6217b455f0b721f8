// Ids of active organizations, for fan-outs. Keyset-paged so a PostgREST row cap can never drop
// an org; suspended orgs get no jobs.
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '@/lib/database.types';

const PAGE = 1000;

export async function listActiveOrgIds(client: SupabaseClient<Database>): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    let query = client.from('organizations').select('id').eq('status', 'active').order('id').limit(PAGE);
    if (ids.length > 0) query = query.gt('id', ids[ids.length - 1]);
    const { data, error } = await query;
    if (error) throw new Error(`listing active organizations failed: ${error.message}`);
    ids.push(...data.map((r) => r.id));
    if (data.length < PAGE) return ids;
  }
}
