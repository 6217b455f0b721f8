// The caller's organization, read with the caller's token (the request gate and RLS decide).
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '@/lib/database.types';

export async function getOrganization(client: SupabaseClient<Database>, orgId: string): Promise<{ id: string; name: string } | null> {
  const { data, error } = await client.from('organizations').select('id, name').eq('id', orgId).maybeSingle();
  if (error) throw error;
  return data;
}
