// Every Inngest function of the app; app/api/inngest/route.ts serves exactly this list.
import { cleanupOrphanRecordingsFn } from './functions/cleanup-orphan-recordings';
import { cleanupStaleProcessingFn } from './functions/cleanup-stale-processing';
import { fanOutOrphanCleanupFn } from './functions/fan-out-orphan-cleanup';
import { fanOutRecordingSweepFn } from './functions/fan-out-recording-sweep';
import { fanOutRetentionFn } from './functions/fan-out-retention';
import { retentionEraseExpiredFn } from './functions/retention-erase-expired';
import { processUploadQueueFn } from './functions/process-upload-queue';
import { retryFailedUploadsFn } from './functions/retry-failed-uploads';
import { uploadRequestedFn } from './functions/upload-requested';

export const functions = [
  uploadRequestedFn,
  fanOutRecordingSweepFn,
  processUploadQueueFn,
  retryFailedUploadsFn,
  cleanupStaleProcessingFn,
  fanOutOrphanCleanupFn,
  cleanupOrphanRecordingsFn,
  fanOutRetentionFn,
  retentionEraseExpiredFn,
];
