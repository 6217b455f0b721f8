// How `npm run dev` picks a stack: a running Supabase CLI stack (or SUPABASE_STACK=cli) is used
// instead of starting the project's own. Pure functions over the environment and the output of
// `supabase status -o env`, so no Docker is needed here.
import { describe, expect, it } from 'vitest';
import { chooseStack, cliStackFromStatus, parseStatusEnv, shouldProbeCli, stackSetting } from '../../supabase/local/cli-stack.ts';

// The shape `supabase status -o env` prints (godotenv: NAME="value", sorted), CLI 2.x.
const STATUS = `ANALYTICS_URL="http://127.0.0.1:54327"
ANON_KEY="eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIiwidHlwIjoiSldUIn0.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24ifQ.sig"
API_URL="http://127.0.0.1:54321"
DB_URL="postgresql://postgres:postgres@127.0.0.1:54322/postgres"
GRAPHQL_URL="http://127.0.0.1:54321/graphql/v1"
JWT_SECRET="super-secret-jwt-token-with-at-least-32-characters-long"
PUBLISHABLE_KEY="sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH"
REST_URL="http://127.0.0.1:54321/rest/v1"
SECRET_KEY="sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz"
SERVICE_ROLE_KEY="eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIiwidHlwIjoiSldUIn0.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSJ9.sig"
STUDIO_URL="http://127.0.0.1:54323"
`;

const CLI_STACK = {
  url: 'http://127.0.0.1:54321',
  dbUrl: 'postgresql://postgres:postgres@127.0.0.1:54322/postgres',
  publishableKey: 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH',
  secretKey: 'sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz',
};

describe('SUPABASE_STACK', () => {
  it('is auto when unset, and only local, cli or auto otherwise', () => {
    expect(stackSetting({})).toBe('auto');
    expect(stackSetting({ SUPABASE_STACK: ' CLI ' })).toBe('cli');
    expect(stackSetting({ SUPABASE_STACK: 'local' })).toBe('local');
    expect(() => stackSetting({ SUPABASE_STACK: 'docker' })).toThrow(/SUPABASE_STACK/);
  });

  it('asks the CLI when told to, or in auto mode when Docker could be there', () => {
    expect(shouldProbeCli('cli', { onPath: false })).toBe(true);
    expect(shouldProbeCli('local', { onPath: true })).toBe(false);
    expect(shouldProbeCli('auto', { onPath: false })).toBe(false);
    expect(shouldProbeCli('auto', { onPath: true })).toBe(true);
    expect(shouldProbeCli('auto', { onPath: false, host: 'tcp://127.0.0.1:2375' })).toBe(true);
  });
});

describe('supabase status -o env', () => {
  it('is parsed into variables, ignoring notices and unquoting godotenv values', () => {
    const vars = parseStatusEnv(`Stopped services: [supabase_imgproxy]\n${STATUS}A_B="x\\"y\\\\z\\n"\n`);
    expect(vars.API_URL).toBe('http://127.0.0.1:54321');
    expect(vars.SECRET_KEY).toBe('sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz');
    expect(vars.A_B).toBe('x"y\\z\n');
    expect(Object.keys(vars)).not.toContain('Stopped services');
  });

  it('yields the URL, the database and the current keys', () => {
    expect(cliStackFromStatus(parseStatusEnv(STATUS))).toEqual({ stack: CLI_STACK });
  });

  it('falls back to the legacy keys of an older CLI, and names what is missing', () => {
    const old = parseStatusEnv(STATUS.replace(/^(PUBLISHABLE_KEY|SECRET_KEY)=.*\n/gm, ''));
    const r = cliStackFromStatus(old);
    expect('stack' in r && r.stack.publishableKey.startsWith('eyJ')).toBe(true);
    expect(cliStackFromStatus(parseStatusEnv('DB_URL="postgresql://x"\n'))).toEqual({ missing: ['API_URL', 'PUBLISHABLE_KEY', 'SECRET_KEY'] });
  });
});

describe('chooseStack', () => {
  const running = { ok: true, stdout: STATUS, stderr: '' };
  const noDocker = { ok: false, stdout: '', stderr: 'Not linked.\nfailed to inspect container health: Cannot connect to the Docker daemon at unix:///var/run/docker.sock.\n' };

  it('auto: the CLI stack when one runs, else the project’s own', () => {
    expect(chooseStack('auto', running)).toEqual({ kind: 'cli', stack: CLI_STACK });
    expect(chooseStack('auto', noDocker)).toEqual({ kind: 'local' });
    expect(chooseStack('auto', null)).toEqual({ kind: 'local' });
    expect(chooseStack('auto', { ok: true, stdout: 'DB_URL="postgresql://x"\n', stderr: '' })).toEqual({ kind: 'local' });
  });

  it('local: never the CLI stack', () => {
    expect(chooseStack('local', running)).toEqual({ kind: 'local' });
  });

  it('cli: the CLI stack, or an error that says why — never a fallback onto its ports', () => {
    expect(chooseStack('cli', running)).toEqual({ kind: 'cli', stack: CLI_STACK });
    const r = chooseStack('cli', noDocker);
    expect(r.kind).toBe('error');
    expect(r.kind === 'error' && r.message).toMatch(/Cannot connect to the Docker daemon/);
    const partial = chooseStack('cli', { ok: true, stdout: 'DB_URL="postgresql://x"\n', stderr: '' });
    expect(partial.kind === 'error' && partial.message).toMatch(/API_URL, PUBLISHABLE_KEY, SECRET_KEY/);
  });
});
