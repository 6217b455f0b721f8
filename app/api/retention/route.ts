import { ApiError } from '@/lib/api/errors';
import { authedRoute } from '@/lib/api/handler';
import { noQuery, retentionBody } from '@/lib/api/schemas';
import { getRetention, setRetention } from '@/lib/data/retention';
import { createUserClient } from '@/lib/supabase/server';

// The org's retention settings, admins only; the database refuses staff as well (PT403).
export const GET = authedRoute('GET /api/retention', { adminOnly: true, query: noQuery }, async ({ principal }) => {
  const r = await getRetention(createUserClient(principal.accessToken));
  if (!r) throw new ApiError('no_organization', 'Your account is not a member of any organization.');
  return r;
});

// Replaces all three limits at once (the body is validated whole before anything is written).
export const PUT = authedRoute('PUT /api/retention', { adminOnly: true, query: noQuery, body: retentionBody }, async ({ principal, body }) => {
  const r = await setRetention(createUserClient(principal.accessToken), body);
  if (!r) throw new ApiError('no_organization', 'Your account is not a member of any organization.');
  return r;
});
