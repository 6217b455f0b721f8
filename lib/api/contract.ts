// The API's vocabulary, response shapes and error codes: one definition for the route handlers
// (which produce them), the data layer, the zod schemas and the browser (which reads them). Each
// list is a const array here and everything else derives from it (types, zod enums, URL parsing).
// No server code and no imports, so client components can use it without pulling server modules
// into the bundle.

export const ROLES = ['admin', 'staff'] as const;
export type Role = (typeof ROLES)[number];

export const DIRECTIONS = ['inbound', 'outbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];
/** The list's direction filter: one direction, or both. */
export const DIRECTION_FILTERS = ['all', ...DIRECTIONS] as const;
export type DirectionFilter = (typeof DIRECTION_FILTERS)[number];

/** How a call can end (what a provider's end-of-call report may say). */
export const ENDED_CALL_STATUSES = ['completed', 'no_answer', 'busy', 'failed', 'voicemail'] as const;
export const CALL_STATUSES = [...ENDED_CALL_STATUSES, 'in_progress'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

/** Yes/no list filters (success, has recording) as the URL and the API spell them. */
export const BOOLEAN_FILTERS = ['true', 'false'] as const;
export type BooleanFilter = (typeof BOOLEAN_FILTERS)[number];
/** Range filters: duration in whole seconds, cost with at most the column's 4 decimals; larger values are typos. */
export const DURATION_FILTER_PATTERN = /^\d{1,6}$/;
export const COST_FILTER_PATTERN = /^\d{1,6}(\.\d{1,4})?$/;
export const MAX_DURATION_FILTER = 86_400;
export const MAX_COST_FILTER = 100_000;

/** Sort keys of the calls list. A column is sortable in the UI exactly when its key is here. */
export const SORT_KEYS = ['started_at', 'number', 'agent', 'status', 'duration', 'cost'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** Page size limits of every keyset list (calls, access log). */
export const MAX_PAGE_SIZE = 100;

/** Codes of `{ error: { code, message } }`, the one error shape of every route. */
export type ErrorCode =
  | 'invalid_request'
  | 'unauthorized'
  | 'invalid_token'
  | 'session_expired'
  | 'stale_session'
  | 'no_organization'
  | 'organization_suspended'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'invitation_unavailable'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'internal_error'
  | 'service_unavailable';

export interface Me {
  user: { id: string; email: string | null };
  org: { id: string; name: string };
  role: Role;
}

export interface CallListItem {
  id: string;
  callType: Direction;
  status: CallStatus;
  fromNumber: string;
  toNumber: string;
  contactName: string | null;
  agentName: string | null;
  startedAt: string;
  durationSeconds: number;
  cost: number;
  sentiment: Sentiment | null;
  /** The provider's pass/fail verdict (derived from its success evaluation); null when it gave none. */
  succeeded: boolean | null;
  hasRecording: boolean;
  /** When the recording (object and provider URLs) was erased, by retention or a deletion request. */
  recordingErasedAt: string | null;
  /** When the transcript, summary and analysis were erased. */
  contentErasedAt: string | null;
}

export interface CallTotal {
  value: number;
  /** 'planned' when the number is the planner's estimate (large result sets stay fast). */
  kind: 'exact' | 'planned';
}

export interface CallListResponse {
  calls: CallListItem[];
  nextCursor: string | null;
  total: CallTotal;
}

export interface TranscriptTurn {
  speaker: 'agent' | 'customer';
  text: string;
  /** Seconds from the start of the call. */
  start: number;
  end: number;
}

export type RecordingState = 'stored' | 'pending' | 'processing' | 'failed' | 'dead_lettered' | 'erased' | 'none';

export interface RecordingPipeline {
  state: RecordingState;
  /** failed/dead_lettered: retries made after the first attempt; pending/processing: queue attempts. */
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  nextRetryAt: string | null;
}

export interface CallDetail extends CallListItem {
  endedAt: string | null;
  endedReason: string | null;
  summary: string | null;
  transcript: TranscriptTurn[];
  lead: { id: string; name: string; phone: string | null } | null;
  campaign: { id: string; name: string } | null;
  recording: RecordingPipeline;
  /** Who reported the call: 'vapi', 'retell' or 'voice' (the generic Standard Webhooks endpoint). */
  provider: string;
  /** The provider's assistant (Vapi assistantId, Retell agent_id); filterable in the list. */
  assistantId: string | null;
  /** Vapi's phoneNumberId (Retell reports numbers, not ids). */
  phoneNumberId: string | null;
  /** The provider's verdict as text: Vapi's successEvaluation ("true", "8", "Pass", …), Retell's call_successful. */
  successEvaluation: string | null;
  /** Data the provider's analysis extracted (Vapi structuredData, Retell custom_analysis_data). */
  structuredData: Record<string, unknown> | null;
  /** Cost by component, as the provider reported it (Vapi costBreakdown in USD; Retell call_cost in cents). */
  costBreakdown: Record<string, unknown> | null;
  /** Since when the call is on legal hold (retention and deletion skip it), or null. */
  legalHoldSince: string | null;
}

export interface CallDetailResponse {
  call: CallDetail;
}

export interface RecordingUrlResponse {
  url: string;
  expiresAt: string;
  expiresIn: number;
}

export const ACCESS_ACTIONS = ['call.viewed', 'recording.url_issued', 'call.hold_placed', 'call.hold_released', 'calls.exported'] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

export interface AccessLogEntry {
  /** A random id per entry (the table's own sequence is platform-wide and never shown). */
  id: string;
  action: AccessAction;
  /** The call read; null for an export (calls.exported), which reads many. */
  callId: string | null;
  /** An export's filter (the list's query parameters) and the rows it sent; null for other entries. */
  filter: Record<string, unknown> | null;
  /** Null while an export is still streaming, or when it was cut off before its end was recorded. */
  rowCount: number | null;
  actorEmail: string | null;
  createdAt: string;
}

export interface AccessLogResponse {
  entries: AccessLogEntry[];
  nextCursor: string | null;
}

export interface OrgMember {
  userId: string;
  email: string | null;
  role: Role;
  lastSignInAt: string | null;
  createdAt: string;
}

export const INVITATION_STATUSES = ['pending', 'expired', 'revoked', 'accepted'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export interface OrgInvitation {
  id: string;
  email: string;
  role: Role;
  status: InvitationStatus;
  createdAt: string;
  expiresAt: string;
}

/** One change in the org's administration (org_audit_log). */
export interface OrgAuditEntry {
  id: string;
  actorEmail: string | null;
  /** e.g. member.invited, member.role_changed, member.removed, member.joined, invitation.revoked. */
  action: string;
  target: string | null;
  detail: Record<string, unknown>;
  createdAt: string;
}

export interface MembersResponse {
  members: OrgMember[];
  invitations: OrgInvitation[];
  recentChanges: OrgAuditEntry[];
}

export interface CreatedInvitationResponse {
  invitation: OrgInvitation;
  /** How it reached the invitee: mailed by Supabase Auth, or a link for the admin to pass on. */
  delivery: 'mail' | 'link';
  /** The accept link (delivery "link" only), shown to the admin once: it carries the only copy of the token. */
  link: string | null;
}

/**
 * What the invite page shows before the invitee accepts (no sign-in needed: the token is the
 * credential). A closed invitation (expired, revoked, used) shows its status only.
 */
export type InvitationPreviewResponse =
  | { status: 'pending'; email: string; role: Role; orgName: string; expiresAt: string }
  | { status: Exclude<InvitationStatus, 'pending'> };

export interface AcceptInvitationResponse {
  role: Role;
  /** True when the accept call created the account (sign in with the password just chosen). */
  accountCreated: boolean;
}

export interface OkResponse {
  ok: true;
}

// ------------------------------------------------------------------ settings: webhooks
/** Where calls come from: Standard Webhooks (our own signing secret), Vapi, Retell. */
export const WEBHOOK_PROVIDERS = ['standard', 'vapi', 'retell'] as const;
export type WebhookProvider = (typeof WEBHOOK_PROVIDERS)[number];

export const DELIVERY_OUTCOMES = ['accepted', 'duplicate', 'ignored', 'test', 'rejected', 'invalid'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];
/** Coarse on purpose: nothing about hosts, keys or internals reaches the org. */
export const DELIVERY_ERROR_CODES = ['authentication_failed', 'invalid_payload', 'internal_error'] as const;
export type DeliveryErrorCode = (typeof DELIVERY_ERROR_CODES)[number];

/** Longest overlap an admin may choose when rotating the signing secret (7 days). */
export const MAX_ROTATION_OVERLAP_HOURS = 168;

export interface WebhookEndpoint {
  provider: WebhookProvider;
  /** Path of the org's URL for this provider (the page prefixes its own origin); null: not set up. */
  path: string | null;
  /** Vapi: bearer | hmac | x-vapi-secret; Retell: retell-signature; standard: standard-webhooks. */
  authMethod: string | null;
  createdAt: string | null;
  /** Vapi and Retell: the endpoint id (the retire call names it); null for standard or not set up. */
  endpointId: string | null;
  /** Vapi and Retell: the credential that verifies now; null for standard or not set up. */
  credential: ProviderCredentialInfo | null;
  /** During a rotation's overlap: the previous credential, valid until its expiresAt. */
  previousCredential: (ProviderCredentialInfo & { expiresAt: string }) | null;
}

/**
 * What the page shows of a Vapi secret or Retell API key: never the credential, only the first 12
 * hex digits of its SHA-256 and, for a Retell key (which the admin pasted), its last 4 characters.
 */
export interface ProviderCredentialInfo {
  fingerprint: string;
  last4: string | null;
  /** When it became current (absent for a previous credential). */
  setAt?: string;
}

/** A signing secret's metadata. The secret itself is readable only in the rotation's response. */
export interface WebhookSecretInfo {
  id: string;
  validFrom: string;
  expiresAt: string | null;
  /** current: the newest valid secret; retiring: still valid until expiresAt (the overlap). */
  state: 'current' | 'retiring';
}

export interface WebhookDelivery {
  id: string;
  provider: WebhookProvider;
  eventType: string | null;
  outcome: DeliveryOutcome;
  errorCode: DeliveryErrorCode | null;
  receivedAt: string;
  /** Vapi and Retell: the fingerprint of the credential that verified it (current or previous). */
  credentialFingerprint: string | null;
}

export interface WebhookSettingsResponse {
  endpoints: WebhookEndpoint[];
  secrets: WebhookSecretInfo[];
  deliveries: WebhookDelivery[];
}

export interface RotateSecretResponse {
  /** Shown once: no other response ever contains it. */
  secret: string;
  id: string;
  validFrom: string;
  /** The secrets that stay valid until their expiresAt (empty on the first secret). */
  retiring: { id: string; expiresAt: string }[];
}

export interface RetireSecretResponse {
  retired: true;
}

/** A Vapi secret made or a Retell key stored: which endpoint, and what was kept for the overlap. */
export interface ProviderCredentialResponse {
  provider: 'vapi' | 'retell';
  endpointId: string;
  /** The org's URL for the provider (unchanged by rotations). */
  path: string;
  fingerprint: string;
  setAt: string;
  /** The previous credential, valid until expiresAt; null when none was kept (first one, or overlap 0). */
  retiring: { fingerprint: string; expiresAt: string } | null;
}

export interface RotateVapiSecretResponse extends ProviderCredentialResponse {
  provider: 'vapi';
  /** Shown once: no other response ever contains it. */
  secret: string;
}

export interface SetRetellKeyResponse extends ProviderCredentialResponse {
  provider: 'retell';
  /** The key is never returned: only its last 4 characters. */
  last4: string;
}

export interface WebhookTestResponse {
  provider: WebhookProvider;
  /** false: nothing to sign with (no secret yet, or no endpoint of this provider). */
  sent: boolean;
  /** What the webhook handler answered the signed delivery. */
  status: number | null;
  verified: boolean;
}

// ------------------------------------------------------------------ settings: pipeline health
export interface PipelineCounts {
  pending: number;
  retrying: number;
  deadLettered: number;
  stored: number;
}

export interface DeadLetter {
  id: string;
  callId: string;
  /** A coarse failure code (lib/recordings/errors.ts), never a host or a message from inside. */
  reason: string;
  retryCount: number;
  attempts: number | null;
  deadLetteredAt: string;
  callStartedAt: string | null;
}

export interface PipelineHealthResponse {
  counts: PipelineCounts;
  deadLetters: DeadLetter[];
}

export interface RequeueResponse {
  /** How many dead letters were queued again (0 when there was nothing to do). */
  requeued: number;
  callIds: string[];
}

/** Retention limits in days; null keeps the data. */
export const RETENTION_MAX_DAYS = 3650;
export interface RetentionLimits {
  /** Recordings (the stored object and the provider's URLs) are erased this many days after the call started. */
  recordingDays: number | null;
  /** Transcripts, summaries and the provider's analysis. */
  transcriptDays: number | null;
  /** The call record itself (list fields); null keeps it. At least the two limits above. */
  metadataDays: number | null;
}
/** What applies while an org has saved nothing (docs/pipeline.md, "Retention"). */
export const RETENTION_DEFAULTS: RetentionLimits = { recordingDays: 365, transcriptDays: 365, metadataDays: null };

export interface RetentionResponse {
  retention: RetentionLimits & { isDefault: boolean; updatedAt: string | null };
}

export interface EraseCallResponse {
  callId: string;
  /** The receipt of this erasure; null when the call was already erased (no second receipt). */
  receiptId: string | null;
  recordingErasedAt: string | null;
  contentErasedAt: string | null;
}

export interface LegalHoldResponse {
  callId: string;
  held: boolean;
  since: string | null;
}

export const ERASED_KINDS = ['recording', 'provider_urls', 'transcript', 'summary', 'analysis', 'call_record'] as const;
export type ErasedKind = (typeof ERASED_KINDS)[number];

export interface ErasureReceipt {
  id: string;
  callId: string;
  /** 'request': an admin deleted the call; 'retention': the org's retention job. */
  source: 'request' | 'retention';
  actorEmail: string | null;
  erased: ErasedKind[];
  /** Version of the Storage object that was removed (null when there was none). */
  objectVersion: string | null;
  createdAt: string;
  /** When the Storage object was removed; null while that step is still to be finished. */
  storageErasedAt: string | null;
}

export interface ErasureReceiptsResponse {
  receipts: ErasureReceipt[];
  nextCursor: string | null;
}

/** The overview's longest period (inclusive days). */
export const OVERVIEW_MAX_DAYS = 366;
/** Local calendar dates of the overview's period (the org's time zone). */
export const LOCAL_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Calls, talk time and spend of one slice of the overview. */
export interface OverviewBucket {
  calls: number;
  seconds: number;
  /** Sum of the calls' cost (the provider's currency, USD), rounded to 4 decimals. */
  cost: number;
}

/**
 * How the org's calls went over a period of local days (the org's time zone, daylight-saving
 * correct): a call counts on the local day (and hour) its start falls on. Staff and admins alike:
 * every number derives from list fields.
 */
export interface CallOverview {
  /** The org's IANA time zone the days and hours are in. */
  timeZone: string;
  /** First and last local day of the period, inclusive (YYYY-MM-DD). */
  from: string;
  to: string;
  direction: DirectionFilter;
  /** 'rollups' normally; 'calls' (counted from the calls themselves, slower) while the rollups are rebuilt for a new time zone. */
  source: 'rollups' | 'calls';
  totals: OverviewBucket & { succeeded: number; unsuccessful: number };
  /** Every local day of the period in order, days without calls included (zeros). */
  days: (OverviewBucket & { day: string })[];
  /** Outcome mix; only values with calls, most calls first (ties by value). */
  statuses: { status: CallStatus; calls: number }[];
  endedReasons: { endedReason: string | null; calls: number }[];
  success: { succeeded: boolean | null; calls: number }[];
  sentiments: { sentiment: Sentiment | null; calls: number }[];
  /** Per agent (the list's agent name; null: none reported), most calls first. */
  agents: (OverviewBucket & { agent: string | null; succeeded: number })[];
  /** Busiest hours: calls by local ISO weekday (1 = Monday … 7 = Sunday) and local hour (0–23); only cells with calls. */
  hours: { weekday: number; hour: number; calls: number }[];
}

export interface OverviewResponse {
  overview: CallOverview;
}

/** The org's time zone (a per-org setting; the overview's days and hours are in it). */
export interface TimeZoneResponse {
  timeZone: string;
  /** False while the overview's rollups are being rebuilt after a change (the overview stays exact meanwhile). */
  rollupsReady: boolean;
}

/**
 * Every authenticated route and the JSON it answers with (errors are `{ error: { code, message } }`).
 * A route handler names its key (`authedRoute('GET /api/me', …)`), so a handler whose body drifts
 * from its response type fails typecheck; tests/unit/route-contract.test.ts checks each key against
 * the file it is in.
 */
export interface ApiResponses {
  'GET /api/me': Me;
  'GET /api/calls-dashboard': CallListResponse;
  'GET /api/calls-dashboard/[callId]': CallDetailResponse;
  'GET /api/calls-dashboard/[callId]/recording': RecordingUrlResponse;
  'GET /api/access-log': AccessLogResponse;
  'GET /api/org/members': MembersResponse;
  'POST /api/org/invitations': CreatedInvitationResponse;
  'DELETE /api/org/invitations/[invitationId]': OkResponse;
  'PATCH /api/org/members/[userId]': OkResponse;
  'DELETE /api/org/members/[userId]': OkResponse;
  'GET /api/settings/webhooks': WebhookSettingsResponse;
  'POST /api/settings/webhooks/secret': RotateSecretResponse;
  'POST /api/settings/webhooks/secret/retire': RetireSecretResponse;
  'POST /api/settings/webhooks/test': WebhookTestResponse;
  'POST /api/settings/webhooks/vapi/secret': RotateVapiSecretResponse;
  'PUT /api/settings/webhooks/retell/key': SetRetellKeyResponse;
  'POST /api/settings/webhooks/provider-credential/retire': RetireSecretResponse;
  'GET /api/settings/pipeline': PipelineHealthResponse;
  'POST /api/settings/pipeline/requeue': RequeueResponse;
  'GET /api/retention': RetentionResponse;
  'PUT /api/retention': RetentionResponse;
  'DELETE /api/calls-dashboard/[callId]': EraseCallResponse;
  'PUT /api/calls-dashboard/[callId]/legal-hold': LegalHoldResponse;
  'GET /api/erasure-receipts': ErasureReceiptsResponse;
  'GET /api/overview': OverviewResponse;
  'GET /api/settings/time-zone': TimeZoneResponse;
  'PUT /api/settings/time-zone': TimeZoneResponse;
  /** Not JSON: a streamed text/csv download (errors before the first byte are JSON as everywhere). */
  'GET /api/calls-dashboard/export': Response;
}
export type ApiRoute = keyof ApiResponses;
