// Shared TanStack Query options. Every tenant query's key starts with ['org', orgId, …] so data of
// one organization can never be served from the cache to a session of another.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type {
  AccessLogResponse,
  CallDetailResponse,
  CallListResponse,
  EraseCallResponse,
  ErasureReceiptsResponse,
  LegalHoldResponse,
  Me,
  MembersResponse,
  OverviewResponse,
  PipelineHealthResponse,
  RecordingUrlResponse,
  RequeueResponse,
  RetentionLimits,
  RetentionResponse,
  RotateSecretResponse,
  RotateVapiSecretResponse,
  RetireSecretResponse,
  SetRetellKeyResponse,
  TimeZoneResponse,
  WebhookProvider,
  WebhookSettingsResponse,
  WebhookTestResponse,
} from './api-types';
import { authedBackendFetch } from './authed-backend-fetch';
import { toApiSearchParams, type CallFilters, PAGE_SIZE } from './calls-url-state';
import { toOverviewSearchParams } from './overview-url-state';
import type { DirectionFilter } from '@/lib/api/contract';

export const ACCESS_LOG_PAGE_SIZE = 50;

export const meQuery = () =>
  queryOptions({
    // Not org-scoped: this is where the org id comes from. Cleared on every sign-in/out.
    queryKey: ['me'] as const,
    queryFn: ({ signal }) => authedBackendFetch<Me>('/api/me', { signal }),
    staleTime: 60_000,
  });

export type CallsQueryInput = CallFilters & { cursor: string | null };

export const callsQuery = (orgId: string, input: CallsQueryInput) =>
  queryOptions({
    queryKey: ['org', orgId, 'calls', 'list', input] as const,
    queryFn: ({ signal }) =>
      authedBackendFetch<CallListResponse>(`/api/calls-dashboard?${toApiSearchParams(input, PAGE_SIZE)}`, { signal }),
    // Keep the current page on screen while the next one loads, instead of flashing a skeleton.
    placeholderData: keepPreviousData,
    staleTime: 15_000,
  });

export const callDetailQuery = (orgId: string, callId: string) =>
  queryOptions({
    queryKey: ['org', orgId, 'calls', 'detail', callId] as const,
    queryFn: ({ signal }) =>
      authedBackendFetch<CallDetailResponse>(`/api/calls-dashboard/${encodeURIComponent(callId)}`, { signal }),
    staleTime: 30_000,
    // Each fetch is an audited view; don't log a new one every time the tab regains focus.
    refetchOnWindowFocus: false,
  });

export const recordingUrlQuery = (orgId: string, callId: string) =>
  queryOptions({
    queryKey: ['org', orgId, 'calls', 'recording-url', callId] as const,
    queryFn: ({ signal }) =>
      authedBackendFetch<RecordingUrlResponse>(`/api/calls-dashboard/${encodeURIComponent(callId)}/recording`, { signal }),
    // A signed URL is good until it expires; the player asks for a new one when it needs one
    // (expired or failed), never on a timer or on focus, so every URL issued was actually used.
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });

export const accessLogQuery = (orgId: string, cursor: string | null) =>
  queryOptions({
    queryKey: ['org', orgId, 'access-log', cursor] as const,
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ limit: String(ACCESS_LOG_PAGE_SIZE) });
      if (cursor) params.set('cursor', cursor);
      return authedBackendFetch<AccessLogResponse>(`/api/access-log?${params}`, { signal });
    },
    placeholderData: keepPreviousData,
    staleTime: 15_000,
  });

export const membersQuery = (orgId: string) =>
  queryOptions({
    queryKey: ['org', orgId, 'settings', 'members'] as const,
    queryFn: ({ signal }) => authedBackendFetch<MembersResponse>('/api/org/members', { signal }),
    staleTime: 10_000,
  });

// ------------------------------------------------------------------ settings (admins)

export const webhookSettingsQuery = (orgId: string) =>
  queryOptions({
    queryKey: ['org', orgId, 'settings', 'webhooks'] as const,
    queryFn: ({ signal }) => authedBackendFetch<WebhookSettingsResponse>('/api/settings/webhooks', { signal }),
    staleTime: 10_000,
  });

export const pipelineHealthQuery = (orgId: string) =>
  queryOptions({
    queryKey: ['org', orgId, 'settings', 'pipeline'] as const,
    queryFn: ({ signal }) => authedBackendFetch<PipelineHealthResponse>('/api/settings/pipeline', { signal }),
    staleTime: 10_000,
    // Counts move while jobs run: refresh while the page is open.
    refetchInterval: 30_000,
  });

const sendJson = <T>(method: 'POST' | 'PUT', path: string, body: unknown) =>
  authedBackendFetch<T>(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const postJson = <T>(path: string, body: unknown) => sendJson<T>('POST', path, body);

/** The writes of the settings pages (used with useMutation; never retried automatically). */
export const settingsActions = {
  rotateSecret: (overlapHours: number) => postJson<RotateSecretResponse>('/api/settings/webhooks/secret', { overlapHours }),
  retireSecret: (secretId: string) => postJson<RetireSecretResponse>('/api/settings/webhooks/secret/retire', { secretId }),
  sendTestEvent: (provider: WebhookProvider) => postJson<WebhookTestResponse>('/api/settings/webhooks/test', { provider }),
  rotateVapiSecret: (overlapHours: number) => postJson<RotateVapiSecretResponse>('/api/settings/webhooks/vapi/secret', { overlapHours }),
  setRetellKey: (apiKey: string, overlapHours: number) => sendJson<SetRetellKeyResponse>('PUT', '/api/settings/webhooks/retell/key', { apiKey, overlapHours }),
  retireProviderCredential: (endpointId: string) =>
    postJson<RetireSecretResponse>('/api/settings/webhooks/provider-credential/retire', { endpointId }),
  requeue: (deadLetterId?: string) => postJson<RequeueResponse>('/api/settings/pipeline/requeue', deadLetterId ? { deadLetterId } : {}),
};
export const RECEIPTS_PAGE_SIZE = 20;

export const retentionQuery = (orgId: string) =>
  queryOptions({
    queryKey: ['org', orgId, 'retention'] as const,
    queryFn: ({ signal }) => authedBackendFetch<RetentionResponse>('/api/retention', { signal }),
    staleTime: 60_000,
  });

export const erasureReceiptsQuery = (orgId: string, cursor: string | null) =>
  queryOptions({
    queryKey: ['org', orgId, 'erasure-receipts', cursor] as const,
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ limit: String(RECEIPTS_PAGE_SIZE) });
      if (cursor) params.set('cursor', cursor);
      return authedBackendFetch<ErasureReceiptsResponse>(`/api/erasure-receipts?${params}`, { signal });
    },
    placeholderData: keepPreviousData,
    staleTime: 15_000,
  });

const json = (method: 'PUT' | 'DELETE', body?: unknown): RequestInit => ({
  method,
  headers: body === undefined ? undefined : { 'content-type': 'application/json' },
  body: body === undefined ? undefined : JSON.stringify(body),
});

/** Mutations (callers invalidate the org's queries they change). */
export const saveRetention = (limits: RetentionLimits) => authedBackendFetch<RetentionResponse>('/api/retention', json('PUT', limits));
export const eraseCallNow = (callId: string) =>
  authedBackendFetch<EraseCallResponse>(`/api/calls-dashboard/${encodeURIComponent(callId)}`, json('DELETE'));
export const setLegalHold = (callId: string, held: boolean) =>
  authedBackendFetch<LegalHoldResponse>(`/api/calls-dashboard/${encodeURIComponent(callId)}/legal-hold`, json('PUT', { held }));

// ------------------------------------------------------------------ overview

/** The org's time zone: any member may read it (the overview's presets are days in it). */
export const timeZoneQuery = (orgId: string) =>
  queryOptions({
    queryKey: ['org', orgId, 'time-zone'] as const,
    queryFn: ({ signal }) => authedBackendFetch<TimeZoneResponse>('/api/settings/time-zone', { signal }),
    staleTime: 5 * 60_000,
  });

export const overviewQuery = (orgId: string, input: { from: string; to: string; direction: DirectionFilter }) =>
  queryOptions({
    queryKey: ['org', orgId, 'overview', input] as const,
    queryFn: ({ signal }) => authedBackendFetch<OverviewResponse>(`/api/overview?${toOverviewSearchParams(input, input.direction)}`, { signal }),
    // The charts stay while another period loads, dimmed, instead of collapsing into skeletons.
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });

export const saveTimeZone = (timeZone: string) => authedBackendFetch<TimeZoneResponse>('/api/settings/time-zone', json('PUT', { timeZone }));
