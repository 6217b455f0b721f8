import { authedRoute } from '@/lib/api/handler';
import { noQuery } from '@/lib/api/schemas';

// Who am I: the header shows the org name, the email and the role.
export const GET = authedRoute({ query: noQuery }, async ({ principal }) => ({
  user: { id: principal.userId, email: principal.email },
  org: { id: principal.orgId, name: principal.orgName },
  role: principal.role,
}));
