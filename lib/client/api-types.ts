// Shapes of the route handlers' JSON, as the browser sees them: the one contract the handlers
// produce (types only, so nothing server-side reaches the bundle).
export type {
  AccessAction,
  AccessLogEntry,
  AccessLogResponse,
  CallDetail,
  CallDetailResponse,
  CallListItem,
  CallListResponse,
  CallStatus,
  CallTotal,
  Direction,
  Me,
  RecordingPipeline,
  RecordingState,
  RecordingUrlResponse,
  Role,
  Sentiment,
  TranscriptTurn,
} from '@/lib/api/contract';
