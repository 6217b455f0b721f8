import { authedRoute } from '@/lib/api/handler';
import { getWebhookSettings } from '@/lib/data/webhook-settings';
import { createUserClient } from '@/lib/supabase/server';

// The org's webhook endpoints, signing-secret metadata (never a secret) and last 50 deliveries.
// Admins only, in the database: webhook_settings() refuses anyone else with PT403 → 403.
export const GET = authedRoute('GET /api/settings/webhooks', { adminOnly: true }, async ({ principal }) =>
  getWebhookSettings(createUserClient(principal.accessToken), principal.orgId),
);
