// The client-bundle scanner (scripts/check-client-bundle.ts) finds what it exists to find.
// The scan of the real build runs as `npm run check:bundle` (after the build).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CANARY_SECRET_KEY, CANARY_SERVICE_ROLE_KEY, knownSecrets, scanBuild, scanText } from '../../scripts/check-client-bundle.ts';

const jwt = (payload: object) =>
  `${Buffer.from('{"alg":"ES256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2lnbmF0dXJlc2lnbmF0dXJl`;

describe('client bundle scanner', () => {
  it('passes an anon key and ordinary code', () => {
    expect(scanText('a.js', `const k="${jwt({ role: 'anon', iss: 'x' })}";fetch(process.env.NEXT_PUBLIC_SUPABASE_URL)`, [])).toEqual([]);
  });

  it('finds a service-role JWT of any project, by its role claim', () => {
    const f = scanText('a.js', `x="${jwt({ role: 'service_role', iss: 'https://other.supabase.co/auth/v1' })}"`, []);
    expect(f).toEqual([expect.objectContaining({ kind: 'jwt', detail: expect.stringContaining('service_role') })]);
  });

  it('finds the configured service-role key value, JWT or not', () => {
    expect(scanText('a.js', 'k="sb-service-value-0123456789"', ['sb-service-value-0123456789'])).toContainEqual(expect.objectContaining({ kind: 'secret-value' }));
    expect(scanText('a.js', 'k="sb_secret_abcdefghijklmnop"', [])).toContainEqual(expect.objectContaining({ kind: 'secret-value' }));
  });

  it('finds the secret key under either name in .env files and the environment', () => {
    const root = mkdtempSync(join(tmpdir(), 'bundle-secrets-'));
    try {
      writeFileSync(join(root, '.env.local'), 'NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY=sb_publishable_public\nSUPABASE_SECRET_KEY="sb_secret_fromfile0123456789"\n');
      writeFileSync(join(root, '.env'), 'export SUPABASE_SERVICE_ROLE_KEY=eyJ.legacy.fromfile\n');
      const found = knownSecrets(root, { SUPABASE_SECRET_KEY: 'sb_secret_fromenv0123456789' });
      expect(found.sort()).toEqual(['eyJ.legacy.fromfile', 'sb_secret_fromenv0123456789', 'sb_secret_fromfile0123456789']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('finds the secret canary and the current secret variable name', () => {
    expect(scanText('a.js', `k="${CANARY_SECRET_KEY}"`, [CANARY_SECRET_KEY]).map((f) => f.kind)).toEqual(['secret-value', 'secret-value']);
    expect(scanText('a.js', 'throw Error("SUPABASE_SECRET_KEY must be set")', [])).toEqual([expect.objectContaining({ kind: 'server-env-name', detail: 'SUPABASE_SECRET_KEY' })]);
  });

  it('finds server env names, connection strings and webhook secrets', () => {
    const f = scanText('a.js', `throw Error("SUPABASE_SERVICE_ROLE_KEY must be set");u="postgres://postgres:pw@db:5432/postgres";s="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"`, []);
    expect(f.map((x) => x.kind).sort()).toEqual(['connection-string', 'server-env-name', 'webhook-secret']);
  });

  it('scans static chunks and prerendered pages of a build directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bundle-scan-'));
    try {
      mkdirSync(join(dir, 'static', 'chunks'), { recursive: true });
      mkdirSync(join(dir, 'server', 'app'), { recursive: true });
      writeFileSync(join(dir, 'static', 'chunks', 'a.js'), 'console.log(1)');
      writeFileSync(join(dir, 'server', 'app', 'login.html'), `<script>k="${CANARY_SERVICE_ROLE_KEY}"</script>`);
      writeFileSync(join(dir, 'server', 'app', 'page.js'), 'SUPABASE_SERVICE_ROLE_KEY'); // server code: not sent to browsers
      const r = scanBuild(dir, [CANARY_SERVICE_ROLE_KEY]);
      expect(r.files).toBe(2);
      expect(r.findings.map((f) => `${f.kind} ${f.file}`).sort()).toEqual(['jwt server/app/login.html', 'secret-value server/app/login.html']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
