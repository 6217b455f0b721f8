// The API's response shapes and error codes: one definition for the route handlers (which produce
// them) and the browser (which reads them). Types only — nothing here is server code, so client
// components can import it without pulling server modules into the bundle.

export type Role = 'admin' | 'staff';
export type Direction = 'inbound' | 'outbound';
export type CallStatus = 'completed' | 'no_answer' | 'busy' | 'failed' | 'voicemail' | 'in_progress';
export type Sentiment = 'positive' | 'neutral' | 'negative';

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

export type RecordingState = 'stored' | 'pending' | 'processing' | 'failed' | 'dead_lettered' | 'none';

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
}

export interface CallDetailResponse {
  call: CallDetail;
}

export interface RecordingUrlResponse {
  url: string;
  expiresAt: string;
  expiresIn: number;
}

export type AccessAction = 'call.viewed' | 'recording.url_issued';

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
