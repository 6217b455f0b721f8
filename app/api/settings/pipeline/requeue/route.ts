import { authedRoute } from '@/lib/api/handler';
import { requeueBody } from '@/lib/api/schemas';
import { requeueDeadLetters } from '@/lib/data/pipeline-health';
import { createUserClient } from '@/lib/supabase/server';
import { notifyUploadRequested } from '@/inngest/notify';

// Re-queues one dead letter ({ deadLetterId }) or all of the org's ({}). Idempotent and audited in
// the database (requeue_dead_letters); Inngest hears about each queued call after the commit, and the
// next sweep picks it up anyway if that event is lost.
export const POST = authedRoute('POST /api/settings/pipeline/requeue', { adminOnly: true, body: requeueBody }, async ({ principal, body }) => {
  const result = await requeueDeadLetters(createUserClient(principal.accessToken), body.deadLetterId);
  await Promise.all(result.callIds.map((callId) => notifyUploadRequested(principal.orgId, callId)));
  return result;
});
