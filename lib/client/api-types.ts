// Shapes of the route handlers' JSON, as the browser sees them. Kept separate from the server's own
// types on purpose: importing lib/api/** here would drag server-only modules into the bundle.

export type Role = 'admin' | 'staff';
export type Direction = 'inbound' | 'outbound';
export type CallStatus = 'completed' | 'no_answer' | 'busy' | 'failed' | 'voicemail' | 'in_progress';
export type Sentiment = 'positive' | 'neutral' | 'negative' | (string & {});

export interface Me {
  user: { id: string; email: string };
  org: { id: string; name: string };
  role: Role;
}

export interface CallListItem {
  id: string;
  callType: Direction;
  status: CallStatus | (string & {});
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
  lead: { id: string; name: string | null; phone: string | null } | null;
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
  id: string | number;
  action: AccessAction | (string & {});
  callId: string;
  actorEmail: string | null;
  createdAt: string;
}

export interface AccessLogResponse {
  entries: AccessLogEntry[];
  nextCursor: string | null;
}
