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

export const ACCESS_ACTIONS = ['call.viewed', 'recording.url_issued', 'call.hold_placed', 'call.hold_released'] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

export interface AccessLogEntry {
  /** A random id per entry (the table's own sequence is platform-wide and never shown). */
  id: string;
  action: AccessAction;
  callId: string;
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
  /** The accept link, shown to the admin once: it carries the only copy of the token. */
  link: string;
}

/** What the invite page shows before the invitee accepts (no sign-in needed: the token is the credential). */
export interface InvitationPreviewResponse {
  status: InvitationStatus;
  email: string;
  role: Role;
  orgName: string;
  expiresAt: string;
}

export interface AcceptInvitationResponse {
  role: Role;
  /** True when the accept call created the account (sign in with the password just chosen). */
  accountCreated: boolean;
}

export interface OkResponse {
  ok: true;
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
  'GET /api/retention': RetentionResponse;
  'PUT /api/retention': RetentionResponse;
  'DELETE /api/calls-dashboard/[callId]': EraseCallResponse;
  'PUT /api/calls-dashboard/[callId]/legal-hold': LegalHoldResponse;
  'GET /api/erasure-receipts': ErasureReceiptsResponse;
}
export type ApiRoute = keyof ApiResponses;
