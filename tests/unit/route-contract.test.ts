// Each authenticated route names its key in the API contract (lib/api/contract.ts, ApiResponses),
// and that key fixes what its handler may return. This test keeps the keys honest: every key has
// exactly one route file at the matching path that uses it, and every authedRoute names its own
// path. The @ts-expect-error lines make `npm run typecheck` prove that drift (a missing, renamed or
// mistyped field, an unknown route) is a type error. Extra fields are not: TypeScript is structural,
// which is why the data layer maps rows to the contract field by field (lib/data/calls.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiRoute } from '../../lib/api/contract.ts';
import { authedRoute } from '../../lib/api/handler.ts';

// Record<ApiRoute, …>: adding a key to the contract without listing it here fails typecheck.
const ROUTES: Record<ApiRoute, true> = {
  'GET /api/me': true,
  'GET /api/calls-dashboard': true,
  'GET /api/calls-dashboard/[callId]': true,
  'GET /api/calls-dashboard/[callId]/recording': true,
  'GET /api/access-log': true,
  'GET /api/org/members': true,
  'POST /api/org/invitations': true,
  'DELETE /api/org/invitations/[invitationId]': true,
  'PATCH /api/org/members/[userId]': true,
  'DELETE /api/org/members/[userId]': true,
  'GET /api/settings/webhooks': true,
  'POST /api/settings/webhooks/secret': true,
  'POST /api/settings/webhooks/secret/retire': true,
  'POST /api/settings/webhooks/test': true,
  'POST /api/settings/webhooks/vapi/secret': true,
  'PUT /api/settings/webhooks/retell/key': true,
  'POST /api/settings/webhooks/provider-credential/retire': true,
  'GET /api/settings/pipeline': true,
  'POST /api/settings/pipeline/requeue': true,
  'GET /api/retention': true,
  'PUT /api/retention': true,
  'DELETE /api/calls-dashboard/[callId]': true,
  'PUT /api/calls-dashboard/[callId]/legal-hold': true,
  'GET /api/erasure-receipts': true,
  'GET /api/overview': true,
  'GET /api/settings/time-zone': true,
  'PUT /api/settings/time-zone': true,
  'GET /api/calls-dashboard/export': true,
};

function routeFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync('app/api', { recursive: true, encoding: 'utf8' })) {
    if (entry === 'route.ts' || entry.endsWith('/route.ts')) files.set(join('app/api', entry), readFileSync(join('app/api', entry), 'utf8'));
  }
  return files;
}

describe('route contract keys', () => {
  it('every key has a route file at its path that declares it', () => {
    const files = routeFiles();
    for (const key of Object.keys(ROUTES) as ApiRoute[]) {
      const [, path] = key.split(' ');
      const source = files.get(`app${path}/route.ts`);
      expect(source, `app${path}/route.ts`).toBeDefined();
      expect(source?.replace(/authedRoute\(\s+/g, 'authedRoute(')).toContain(`authedRoute('${key}'`);
    }
  });

  it('every authedRoute names the path of its own file and the method it is exported as', () => {
    let seen = 0;
    for (const [file, source] of routeFiles()) {
      for (const m of source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE) = authedRoute\(\s*'([A-Z]+) ([^']+)'/g)) {
        seen++;
        expect(m[2], file).toBe(m[1]);
        expect(`app${m[3]}/route.ts`).toBe(file);
      }
    }
    expect(seen).toBe(Object.keys(ROUTES).length);
  });

  it('a handler whose body drifts from its contract type does not compile', () => {
    // Runtime: these are never called. Compile time: each line must be a type error.
    const drifted = [
      // @ts-expect-error a field of the wrong type (the contract's role is 'admin' | 'staff')
      authedRoute('GET /api/me', {}, async () => ({ user: { id: 'x', email: null }, org: { id: 'o', name: 'n' }, role: 'owner' })),
      // @ts-expect-error a required field missing
      authedRoute('GET /api/access-log', {}, async () => ({ entries: [] })),
      // @ts-expect-error a key that is not in the contract
      authedRoute('GET /api/unknown', {}, async () => ({})),
    ];
    expect(drifted).toHaveLength(3);
  });
});
