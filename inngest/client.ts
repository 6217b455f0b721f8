// The app's one Inngest client. Mode comes from the environment only: without INNGEST_DEV the SDK
// runs in cloud mode and the serve endpoint refuses requests not signed with INNGEST_SIGNING_KEY.
// INNGEST_DEV is set only by developers (never in production); see docs/pipeline.md.
import { Inngest } from 'inngest';

export const inngest = new Inngest({ id: 'call-dashboard' });
