// npm run gen:signing-key — the ES256 JWT signing key for the Supabase CLI stack
// (supabase/config.toml: [auth] signing_keys_path = "./signing_keys.json"), so `supabase start`
// signs tokens with ES256 and publishes a JWKS, as hosted projects do (the app verifies tokens
// against the JWKS and would refuse the CLI's default HS256 tokens).
//
// The key comes from the pinned CLI itself: `supabase gen signing-key --algorithm ES256`, which
// needs no Docker. It runs in an empty scratch folder, so it prints one JWK instead of touching a
// project; the file gets the shape the CLI reads and writes (a JSON array of private JWKs).
// An existing file is never overwritten. The file is git-ignored: never commit it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { PROJECT_ROOT } from '../supabase/local/migrate.ts';

export const SIGNING_KEYS_FILE = join(PROJECT_ROOT, 'supabase', 'signing_keys.json');
const CLI = join(PROJECT_ROOT, 'node_modules', '.bin', 'supabase');

export interface SigningJwk {
  kty: 'EC';
  kid: string;
  alg: 'ES256';
  crv: 'P-256';
  d: string;
  x: string;
  y: string;
  use?: string;
  key_ops?: string[];
  ext?: boolean;
}

/** Checks a JWK is a complete ES256 private key; returns it typed, or throws. */
export function asEs256PrivateJwk(value: unknown): SigningJwk {
  const jwk = value as Partial<SigningJwk> | null;
  const b64url = (v: unknown) => typeof v === 'string' && /^[A-Za-z0-9_-]+$/.test(v);
  if (!jwk || jwk.kty !== 'EC' || jwk.alg !== 'ES256' || jwk.crv !== 'P-256' || !b64url(jwk.d) || !b64url(jwk.x) || !b64url(jwk.y) || typeof jwk.kid !== 'string' || !jwk.kid) {
    throw new Error('not an ES256 private JWK (kty EC, crv P-256, alg ES256, kid, d, x, y)');
  }
  return jwk as SigningJwk;
}

/** One new ES256 private JWK from the pinned Supabase CLI. */
export function cliSigningKey(cli = CLI): SigningJwk {
  const scratch = mkdtempSync(join(tmpdir(), 'signing-key-'));
  try {
    const r = spawnSync(cli, ['gen', 'signing-key', '--algorithm', 'ES256'], { cwd: scratch, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
    if (r.error || r.status !== 0) {
      throw new Error(`\`supabase gen signing-key\` failed: ${r.error?.message ?? (r.stderr || `exit ${r.status}`).trim()}`);
    }
    const line = r.stdout.split('\n').find((l) => l.trim().startsWith('{'));
    if (!line) throw new Error('`supabase gen signing-key` printed no key');
    return asEs256PrivateJwk(JSON.parse(line));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Writes a new key file unless one exists. */
export function ensureSigningKeyFile(file = SIGNING_KEYS_FILE, generate: () => SigningJwk = cliSigningKey): 'created' | 'kept' {
  if (existsSync(file)) return 'kept';
  const jwk = generate();
  mkdirSync(dirname(file), { recursive: true });
  // 'wx': fails instead of overwriting if the file appeared meanwhile.
  writeFileSync(file, `${JSON.stringify([jwk], null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return 'created';
}

/** The keys in an existing file (for checks); throws when it is not what the CLI expects. */
export function readSigningKeyFile(file = SIGNING_KEYS_FILE): SigningJwk[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(parsed) || parsed.length === 0) throw new Error(`${file}: expected a JSON array of JWKs`);
  return parsed.map(asEs256PrivateJwk);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const where = relative(process.cwd(), SIGNING_KEYS_FILE) || SIGNING_KEYS_FILE;
  if (ensureSigningKeyFile() === 'kept') {
    console.log(`${where} exists: left unchanged (delete it first to make a new key; tokens signed with the old one stop verifying)`);
  } else {
    console.log(`wrote ${where} (ES256, git-ignored: never commit it). Next: npx supabase start`);
  }
}
