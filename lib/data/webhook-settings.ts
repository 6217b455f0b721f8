// The org's webhook settings, through the admin-only database functions of
// 20261130000600_webhook_settings.sql, always with the caller's own client (createUserClient): the
// database takes the org from the token and refuses non-admins (PT403 → 403 in lib/api/errors.ts).
// No function here ever reads a stored secret; rotateWebhookSecret and rotateVapiSecret return the one
// they just made, and a pasted Retell key goes in and never comes back.
import type { SupabaseClient } from '@supabase/supabase-js';
import type {
  DeliveryErrorCode,
  DeliveryOutcome,
  ProviderCredentialResponse,
  RotateSecretResponse,
  RotateVapiSecretResponse,
  SetRetellKeyResponse,
  WebhookEndpoint,
  WebhookProvider,
  WebhookSettingsResponse,
} from '@/lib/api/contract';
import type { Database } from '@/lib/database.types';

type Client = SupabaseClient<Database>;

interface CredentialRow {
  fingerprint: string;
  last4: string | null;
}

interface SettingsRow {
  secrets: { id: string; valid_from: string; expires_at: string | null }[];
  endpoints: {
    id: string;
    provider: 'vapi' | 'retell';
    auth_method: string;
    created_at: string;
    credential: CredentialRow & { set_at: string };
    previous_credential: (CredentialRow & { expires_at: string }) | null;
  }[];
  deliveries: {
    id: string;
    provider: WebhookProvider;
    event_type: string | null;
    outcome: DeliveryOutcome;
    error_code: DeliveryErrorCode | null;
    received_at: string;
    credential_fingerprint: string | null;
  }[];
}

interface ReplacedRow {
  endpoint_id: string;
  fingerprint: string;
  set_at: string;
  retiring: { fingerprint: string; expires_at: string } | null;
}

/** The URL path a provider posts to; the page prefixes the origin it was served from. */
export function standardWebhookPath(orgId: string) {
  return `/api/webhooks/voice?org=${orgId}`;
}

export function providerWebhookPath(provider: 'vapi' | 'retell', endpointId: string) {
  return `/api/webhooks/${provider}/${endpointId}`;
}

export async function getWebhookSettings(client: Client, orgId: string): Promise<WebhookSettingsResponse> {
  const { data, error } = await client.rpc('webhook_settings');
  if (error) throw error;
  const row = data as unknown as SettingsRow;
  const firstSecret = row.secrets.at(-1);
  const endpointOf = (provider: 'vapi' | 'retell'): WebhookEndpoint => {
    // The newest enabled endpoint is the one shown (the function orders newest first per provider).
    const e = row.endpoints.find((x) => x.provider === provider);
    return e
      ? {
          provider,
          path: providerWebhookPath(provider, e.id),
          authMethod: e.auth_method,
          createdAt: e.created_at,
          endpointId: e.id,
          credential: { fingerprint: e.credential.fingerprint, last4: e.credential.last4, setAt: e.credential.set_at },
          previousCredential: e.previous_credential
            ? { fingerprint: e.previous_credential.fingerprint, last4: e.previous_credential.last4, expiresAt: e.previous_credential.expires_at }
            : null,
        }
      : { provider, path: null, authMethod: null, createdAt: null, endpointId: null, credential: null, previousCredential: null };
  };
  return {
    endpoints: [
      {
        provider: 'standard',
        path: standardWebhookPath(orgId),
        authMethod: 'standard-webhooks',
        createdAt: firstSecret?.valid_from ?? null,
        endpointId: null,
        credential: null,
        previousCredential: null,
      },
      endpointOf('vapi'),
      endpointOf('retell'),
    ],
    secrets: row.secrets.map((s, i) => ({
      id: s.id,
      validFrom: s.valid_from,
      expiresAt: s.expires_at,
      state: i === 0 && s.expires_at === null ? 'current' : 'retiring',
    })),
    deliveries: row.deliveries.map((d) => ({
      id: d.id,
      provider: d.provider,
      eventType: d.event_type,
      outcome: d.outcome,
      errorCode: d.error_code,
      receivedAt: d.received_at,
      credentialFingerprint: d.credential_fingerprint,
    })),
  };
}

export async function rotateWebhookSecret(client: Client, overlapHours: number): Promise<RotateSecretResponse> {
  const { data, error } = await client.rpc('rotate_webhook_secret', { p_overlap_seconds: overlapHours * 3600 });
  if (error) throw error;
  const row = data as unknown as { id: string; secret: string; valid_from: string; retiring: { id: string; expires_at: string }[] };
  return {
    secret: row.secret,
    id: row.id,
    validFrom: row.valid_from,
    retiring: row.retiring.map((r) => ({ id: r.id, expiresAt: r.expires_at })),
  };
}

/** True when the secret was retired now; false for a foreign, random, current or already retired id. */
export async function retireWebhookSecret(client: Client, secretId: string): Promise<boolean> {
  const { data, error } = await client.rpc('retire_webhook_secret', { p_secret_id: secretId });
  if (error) throw error;
  return data === true;
}

/** The database's admin check and audit row for a test event; returns the caller's org. */
export async function beginWebhookTest(client: Client, provider: WebhookProvider): Promise<string> {
  const { data, error } = await client.rpc('begin_webhook_test', { p_provider: provider });
  if (error) throw error;
  return data as string;
}

function credentialResponse(provider: 'vapi' | 'retell', row: ReplacedRow): ProviderCredentialResponse {
  return {
    provider,
    endpointId: row.endpoint_id,
    path: providerWebhookPath(provider, row.endpoint_id),
    fingerprint: row.fingerprint,
    setAt: row.set_at,
    retiring: row.retiring ? { fingerprint: row.retiring.fingerprint, expiresAt: row.retiring.expires_at } : null,
  };
}

/** Makes the org's new Vapi secret (the first one creates the endpoint); the response is the only place it appears. */
export async function rotateVapiSecret(client: Client, overlapHours: number): Promise<RotateVapiSecretResponse> {
  const { data, error } = await client.rpc('rotate_vapi_secret', { p_overlap_seconds: overlapHours * 3600 });
  if (error) throw error;
  const row = data as unknown as ReplacedRow & { secret: string };
  return { ...credentialResponse('vapi', row), provider: 'vapi', secret: row.secret };
}

/** Stores the org's Retell API key, write-only (the first one creates the endpoint). */
export async function setRetellApiKey(client: Client, apiKey: string, overlapHours: number): Promise<SetRetellKeyResponse> {
  const { data, error } = await client.rpc('set_retell_api_key', { p_api_key: apiKey, p_overlap_seconds: overlapHours * 3600 });
  if (error) throw error;
  const row = data as unknown as ReplacedRow & { last4: string };
  return { ...credentialResponse('retell', row), provider: 'retell', last4: row.last4 };
}

/** True when the endpoint's previous credential was retired now; false for a foreign, random or finished one. */
export async function retireProviderCredential(client: Client, endpointId: string): Promise<boolean> {
  const { data, error } = await client.rpc('retire_provider_credential', { p_endpoint_id: endpointId });
  if (error) throw error;
  return data === true;
}
