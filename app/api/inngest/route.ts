// Inngest's entry point: it calls this route to run our functions. In cloud mode (no INNGEST_DEV)
// the SDK refuses any request not signed with INNGEST_SIGNING_KEY.
import { serve } from 'inngest/next';
import { inngest } from '@/inngest/client';
import { functions } from '@/inngest';

export const runtime = 'nodejs';

export const { GET, POST, PUT } = serve({ client: inngest, functions });
