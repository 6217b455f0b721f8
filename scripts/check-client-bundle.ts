// Client bundle check: nothing secret in what the browser can download.
//
//   npm run check:bundle            scan .next; runs `next build` first when .next is missing or
//                                   older than the sources (an e2e build that just ran is reused)
//   tsx scripts/check-client-bundle.ts --dir <distDir>   scan that build as it is
//
// Scanned: <distDir>/static/** (every JS/CSS chunk) and prerendered pages and payloads
// (<distDir>/server/{app,pages}/**/*.{html,rsc,body}). Fails on:
//   - the secret key's value, under either name (SUPABASE_SECRET_KEY / the legacy
//     SUPABASE_SERVICE_ROLE_KEY; from the environment and .env files, or the canaries the build used);
//   - any JWT whose role is not anon (a service_role key of any project), and any sb_secret_ key;
//   - names of server-only environment variables (a server module ended up in a client chunk);
//   - Postgres connection strings and webhook signing secrets (whsec_…).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from './lib/scratch-copy.ts';

export interface BundleFinding {
  file: string;
  kind: 'secret-value' | 'jwt' | 'server-env-name' | 'connection-string' | 'webhook-secret';
  detail: string;
}

/** Server-only variables: their names never appear in browser code. */
export const SERVER_ENV_NAMES = [
  'SUPABASE_SECRET_KEY',
  'SUPABASE_SERVICE_ROLE_KEY',
  'SUPABASE_DB_URL',
  'DATABASE_URL',
  'INNGEST_SIGNING_KEY',
  'INNGEST_SIGNING_KEY_FALLBACK',
  'INNGEST_EVENT_KEY',
  'AUTH_RATE_LIMIT_PER_ACCOUNT',
  'AUTH_RATE_LIMIT_PER_IP',
  // Observability (docs/operations.md): the scrape secret, the alert channel, the OTLP credentials.
  'METRICS_TOKEN',
  'SECURITY_ALERT_WEBHOOK_URL',
  'SECURITY_ALERT_THRESHOLD',
  'OTEL_EXPORTER_OTLP_HEADERS',
];

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/g;

function walk(dir: string, keep: (f: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(p, keep));
    else if (keep(p)) out.push(p);
  }
  return out;
}

/** Files a browser can receive from a build in `distDir`. */
export function clientFiles(distDir: string): string[] {
  return [
    ...walk(join(distDir, 'static'), () => true),
    ...walk(join(distDir, 'server', 'app'), (f) => /\.(html|rsc|body)$/.test(f)),
    ...walk(join(distDir, 'server', 'pages'), (f) => /\.html$/.test(f)),
  ];
}

export function scanText(file: string, text: string, secrets: string[]): BundleFinding[] {
  const findings: BundleFinding[] = [];
  for (const s of secrets) {
    if (s.length >= 16 && text.includes(s)) findings.push({ file, kind: 'secret-value', detail: `the secret key value (${s.slice(0, 12)}…)` });
  }
  for (const token of text.match(JWT) ?? []) {
    try {
      const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { role?: unknown };
      if (payload.role !== 'anon') findings.push({ file, kind: 'jwt', detail: `a JWT with role ${JSON.stringify(payload.role)} (${token.slice(0, 24)}…)` });
    } catch {
      // not a JWT after all
    }
  }
  if (/\bsb_secret_[A-Za-z0-9_-]{10,}/.test(text)) findings.push({ file, kind: 'secret-value', detail: 'a Supabase secret API key (sb_secret_…)' });
  for (const name of SERVER_ENV_NAMES) {
    if (new RegExp(`\\b${name}\\b`).test(text)) findings.push({ file, kind: 'server-env-name', detail: name });
  }
  const conn = /\bpostgres(?:ql)?:\/\/[^\s"'`]*@[^\s"'`]+/.exec(text);
  if (conn) findings.push({ file, kind: 'connection-string', detail: `${conn[0].slice(0, 40)}…` });
  if (/\bwhsec_[A-Za-z0-9+/]{24,}/.test(text)) findings.push({ file, kind: 'webhook-secret', detail: 'a webhook signing secret (whsec_…)' });
  return findings;
}

export function scanBuild(distDir: string, secrets: string[]): { files: number; bytes: number; findings: BundleFinding[] } {
  const files = clientFiles(distDir);
  let bytes = 0;
  const findings: BundleFinding[] = [];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    bytes += text.length;
    findings.push(...scanText(relative(distDir, f), text, secrets));
  }
  return { files: files.length, bytes, findings };
}

/** Variables holding the secret key: the current name and the legacy one. */
export const SECRET_KEY_NAMES = ['SUPABASE_SECRET_KEY', 'SUPABASE_SERVICE_ROLE_KEY'];
/** Other secret values whose text must never reach the browser (an alert webhook URL is a credential). */
export const OTHER_SECRET_NAMES = ['METRICS_TOKEN', 'SECURITY_ALERT_WEBHOOK_URL'];

/** Secret key values this machine knows, under either name: the environment and the .env files Next loads. */
export function knownSecrets(root = REPO_ROOT, env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  const values = new Set<string>();
  const names = [...SECRET_KEY_NAMES, ...OTHER_SECRET_NAMES];
  for (const name of names) if (env[name]) values.add(env[name]);
  const assignment = new RegExp(`^\\s*(?:export\\s+)?(?:${names.join('|')})\\s*=\\s*["']?([^"'\\s]+)`);
  for (const f of ['.env', '.env.local', '.env.production', '.env.production.local']) {
    const p = join(root, f);
    if (!existsSync(p)) continue;
    for (const line of readFileSync(p, 'utf8').split('\n')) {
      const m = assignment.exec(line);
      if (m) values.add(m[1]);
    }
  }
  return [...values];
}

/** A build is fresh when no source file the app is built from is newer than its BUILD_ID. */
export function isFreshBuild(distDir: string, root = REPO_ROOT): boolean {
  const buildId = join(distDir, 'BUILD_ID');
  if (!existsSync(buildId)) return false;
  const built = statSync(buildId).mtimeMs;
  const sources = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z', '--', 'app', 'components', 'lib', 'public', 'proxy.ts', 'next.config.ts', 'package-lock.json', 'postcss.config.mjs', 'tsconfig.json'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  return sources.every((f) => !existsSync(join(root, f)) || statSync(join(root, f)).mtimeMs <= built);
}

/** Fake secret keys: if the build ever inlines either variable, its value shows up. */
export const CANARY_SERVICE_ROLE_KEY = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"role":"service_role","iss":"bundle-check-canary"}').toString('base64url')}.bundle-check-canary-signature`;
export const CANARY_SECRET_KEY = 'sb_secret_bundleCheckCanary00000_canary00';

/** The secret values the build runs with: the real ones, or a canary for each name left unset. */
function buildSecrets() {
  return {
    SUPABASE_SECRET_KEY: process.env.SUPABASE_SECRET_KEY ?? CANARY_SECRET_KEY,
    SUPABASE_SERVICE_ROLE_KEY: process.env.SUPABASE_SERVICE_ROLE_KEY ?? CANARY_SERVICE_ROLE_KEY,
    METRICS_TOKEN: process.env.METRICS_TOKEN ?? 'bundle-check-canary-metrics-token',
    SECURITY_ALERT_WEBHOOK_URL: process.env.SECURITY_ALERT_WEBHOOK_URL ?? 'https://alerts.bundle-check-canary.example/hook',
  };
}

function build() {
  console.log('[bundle] .next is missing or stale: next build…');
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...buildSecrets() };
  const r = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'next'), ['build'], { cwd: REPO_ROOT, env, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`next build failed (exit ${r.status})`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--dir');
  let distDir: string;
  const secrets = knownSecrets();
  if (i > 0) {
    distDir = join(process.cwd(), process.argv[i + 1]);
  } else {
    distDir = join(REPO_ROOT, '.next');
    if (!isFreshBuild(distDir)) {
      build();
      secrets.push(...Object.values(buildSecrets()));
    }
  }
  const { files, bytes, findings } = scanBuild(distDir, secrets);
  console.log(`[bundle] scanned ${files} client files (${Math.round(bytes / 1024)} KiB) in ${relative(REPO_ROOT, distDir) || distDir}`);
  if (files === 0 || !existsSync(join(distDir, 'static'))) {
    console.error('[bundle] no client files found: not a Next.js build directory');
    process.exit(1);
  }
  for (const f of findings) console.error(`[bundle] ${f.kind}: ${f.detail} in ${f.file}`);
  if (findings.length > 0) process.exit(1);
  console.log(`[bundle] ok: no secret key, non-anon JWT, server env name, connection string or webhook secret`);
}
