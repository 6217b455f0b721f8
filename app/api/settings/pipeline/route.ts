import { authedRoute } from '@/lib/api/handler';
import { getPipelineHealth } from '@/lib/data/pipeline-health';
import { createUserClient } from '@/lib/supabase/server';

// Counts of pending, retrying, dead-lettered and stored recordings, and the dead letters with their
// coarse reason. Admins only, in the database: pipeline_health() refuses anyone else (PT403 → 403).
export const GET = authedRoute('GET /api/settings/pipeline', { adminOnly: true }, async ({ principal }) =>
  getPipelineHealth(createUserClient(principal.accessToken)),
);
