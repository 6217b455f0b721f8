// supabase/config.toml is for developers with Docker (`npx supabase start`), which cannot run here.
// What can be checked without Docker is checked against the pinned Supabase CLI itself:
// - every key the file sets exists in the CLI's own config template (`supabase init` writes it;
//   the CLI silently ignores unknown keys, so a typo would otherwise go unnoticed);
// - the CLI loads the file and the signing key without complaint (`supabase status` parses and
//   decodes the config, reads the key file, and only then looks for Docker);
// - the settings the app depends on; the signing-key script's file and its no-overwrite rule.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureSigningKeyFile, readSigningKeyFile } from '../../scripts/gen-signing-key.ts';
import { PROJECT_ROOT } from '../../supabase/local/migrate.ts';

const CLI = join(PROJECT_ROOT, 'node_modules', '.bin', 'supabase');
const CONFIG = join(PROJECT_ROOT, 'supabase', 'config.toml');
const scratch = mkdtempSync(join(tmpdir(), 'supabase-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type TomlValue = string | number | boolean | string[];

/**
 * The tables and keys of a TOML file restricted to what config.toml uses: `[dotted.table]` headers
 * and `key = value` lines with a string, integer, boolean or one-line array of strings. Anything
 * else throws, so nothing in the file escapes the key check below.
 */
function parseSimpleToml(text: string): Map<string, TomlValue> {
  const out = new Map<string, TomlValue>();
  let table = '';
  const str = String.raw`"(?:[^"\\]|\\.)*"`;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(new RegExp(String.raw`^((?:[^"#]|${str})*)#.*$`), '$1').trim();
    if (line === '') return;
    const header = /^\[([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\]$/.exec(line);
    if (header) {
      table = header[1];
      return;
    }
    const kv = new RegExp(String.raw`^([A-Za-z0-9_-]+)\s*=\s*(${str}|-?\d+|true|false|\[\s*(?:${str}\s*(?:,\s*${str}\s*)*,?)?\s*\])$`).exec(line);
    if (!kv) throw new Error(`config.toml line ${i + 1} is outside the simple TOML this check reads: ${raw}`);
    const key = table ? `${table}.${kv[1]}` : kv[1];
    if (out.has(key)) throw new Error(`config.toml sets ${key} twice`);
    const v = kv[2];
    const unquote = (s: string) => JSON.parse(s) as string;
    out.set(key, v.startsWith('"') ? unquote(v) : v.startsWith('[') ? (v.match(new RegExp(str, 'g')) ?? []).map(unquote) : v === 'true' ? true : v === 'false' ? false : Number(v));
  });
  return out;
}

/** Every key the CLI's template names, including the commented-out examples (`# key = …`, `# [table]`). */
function templateKeys(text: string): Set<string> {
  const keys = new Set<string>();
  let table = '';
  for (const raw of text.split('\n')) {
    const header = /^#?\s*\[([A-Za-z0-9_.-]+)\]\s*$/.exec(raw);
    if (header) {
      table = header[1];
      keys.add(table);
      continue;
    }
    const kv = /^#?\s*([A-Za-z0-9_-]+)\s*=/.exec(raw);
    if (kv) keys.add(table ? `${table}.${kv[1]}` : kv[1]);
  }
  return keys;
}

function cli(args: string[], cwd: string) {
  const r = spawnSync(CLI, args, { cwd, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}`, error: r.error };
}

const config = parseSimpleToml(readFileSync(CONFIG, 'utf8'));

describe('supabase/config.toml', () => {
  it('names only keys of the pinned CLI’s own config template', () => {
    const dir = join(scratch, 'template');
    mkdirSync(dir);
    const init = cli(['init'], dir);
    expect(init.error).toBeUndefined();
    expect(init.status, init.output).toBe(0);
    const known = templateKeys(readFileSync(join(dir, 'supabase', 'config.toml'), 'utf8'));
    expect(known.size).toBeGreaterThan(100);
    const unknown = [...config.keys()].filter((key) => !known.has(key));
    expect(unknown).toEqual([]);
  });

  it('holds the settings the app relies on', () => {
    expect(Object.fromEntries(config)).toMatchObject({
      project_id: expect.any(String),
      'api.port': 54321,
      'api.schemas': ['public'],
      'db.port': 54322,
      'db.major_version': 17,
      'db.migrations.enabled': true,
      'storage.enabled': true,
      'auth.enabled': true,
      'auth.site_url': 'http://localhost:3000',
      'auth.additional_redirect_urls': expect.arrayContaining(['http://localhost:3000']),
      'auth.jwt_expiry': 3600,
      'auth.signing_keys_path': './signing_keys.json',
      'auth.enable_signup': false,
      'auth.email.enable_signup': false,
    });
  });

  it('is loaded by the CLI, with the key from npm run gen:signing-key (only Docker is missing here)', () => {
    const project = join(scratch, 'project');
    mkdirSync(join(project, 'supabase'), { recursive: true });
    copyFileSync(CONFIG, join(project, 'supabase', 'config.toml'));
    expect(ensureSigningKeyFile(join(project, 'supabase', 'signing_keys.json'))).toBe('created');

    const status = cli(['status', '--workdir', project], scratch);
    expect(status.error).toBeUndefined();
    expect(status.output).not.toMatch(/failed to (read|decode|load|parse)|CliConfigParseError|invalid|signing key/i);
    // Without Docker the CLI stops at the container check; with Docker and a stack up, it succeeds.
    if (status.status !== 0) expect(status.output).toMatch(/docker|container/i);
  });

  it('the CLI does refuse a broken file, so the check above means something', () => {
    const project = join(scratch, 'broken');
    mkdirSync(join(project, 'supabase'), { recursive: true });
    writeFileSync(join(project, 'supabase', 'config.toml'), readFileSync(CONFIG, 'utf8').replace('enable_signup = false', 'enable_signup = "no"'));
    ensureSigningKeyFile(join(project, 'supabase', 'signing_keys.json'));
    const status = cli(['status', '--workdir', project], scratch);
    expect(status.status).not.toBe(0);
    expect(status.output).toMatch(/failed to read config/);
  });
});

describe('npm run gen:signing-key', () => {
  it('writes one ES256 private JWK in the CLI’s file format, private to the owner, and never overwrites it', () => {
    const file = join(scratch, 'keys', 'signing_keys.json');
    expect(ensureSigningKeyFile(file)).toBe('created');
    const [key, ...rest] = readSigningKeyFile(file);
    expect(rest).toEqual([]);
    expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', key_ops: ['sign', 'verify'] });
    expect(statSync(file).mode & 0o077).toBe(0);

    const before = readFileSync(file, 'utf8');
    expect(ensureSigningKeyFile(file, () => { throw new Error('must not generate'); })).toBe('kept');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('the key file is git-ignored', () => {
    const r = spawnSync('git', ['check-ignore', '-q', 'supabase/signing_keys.json'], { cwd: PROJECT_ROOT });
    expect(r.status).toBe(0);
  });
});
