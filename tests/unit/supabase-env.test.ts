// Both naming schemes of the Supabase keys resolve, the current one first: lib/env.ts (server),
// lib/supabase/public-env.ts (browser and proxy), the scripts' resolver, and .env.local writing.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveServerEnv, serverEnv } from '../../lib/env.ts';
import { supabaseSettings } from '../../lib/supabase/key-names.ts';
import { publicSupabaseEnv } from '../../lib/supabase/public-env.ts';
import { parseEnv, writeEnvFile } from '../../supabase/local/env-file.ts';

const NAMES = ['NEXT_PUBLIC_SUPABASE_URL', 'NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY', 'NEXT_PUBLIC_SUPABASE_ANON_KEY', 'SUPABASE_SECRET_KEY', 'SUPABASE_SERVICE_ROLE_KEY'];
let saved: Record<string, string | undefined>;
beforeEach(() => {
  saved = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]));
  for (const n of NAMES) delete process.env[n];
});
afterEach(() => {
  for (const n of NAMES) {
    if (saved[n] === undefined) delete process.env[n];
    else process.env[n] = saved[n];
  }
});

const URL = 'https://abc.supabase.co';

describe('lib/env.ts', () => {
  it('reads the current names', () => {
    expect(resolveServerEnv({ NEXT_PUBLIC_SUPABASE_URL: `${URL}/`, NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: 'sb_publishable_x', SUPABASE_SECRET_KEY: 'sb_secret_y' })).toEqual({
      url: URL,
      publishableKey: 'sb_publishable_x',
      secretKey: 'sb_secret_y',
    });
  });

  it('reads the legacy names', () => {
    expect(resolveServerEnv({ NEXT_PUBLIC_SUPABASE_URL: URL, NEXT_PUBLIC_SUPABASE_ANON_KEY: 'eyJ.anon', SUPABASE_SERVICE_ROLE_KEY: 'eyJ.service' })).toEqual({
      url: URL,
      publishableKey: 'eyJ.anon',
      secretKey: 'eyJ.service',
    });
  });

  it('prefers the current names when both are set; an empty current name does not count', () => {
    const env = resolveServerEnv({
      NEXT_PUBLIC_SUPABASE_URL: URL,
      NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: 'sb_publishable_x',
      NEXT_PUBLIC_SUPABASE_ANON_KEY: 'eyJ.anon',
      SUPABASE_SECRET_KEY: ' ',
      SUPABASE_SERVICE_ROLE_KEY: 'eyJ.service',
    });
    expect(env).toEqual({ url: URL, publishableKey: 'sb_publishable_x', secretKey: 'eyJ.service' });
  });

  it('names both schemes when something is missing', () => {
    expect(() => resolveServerEnv({ NEXT_PUBLIC_SUPABASE_URL: URL, SUPABASE_SECRET_KEY: 'sb_secret_y' })).toThrow(
      /NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY \(or the legacy NEXT_PUBLIC_SUPABASE_ANON_KEY\)/,
    );
  });

  it('serverEnv() reads process.env at call time', () => {
    process.env.NEXT_PUBLIC_SUPABASE_URL = URL;
    process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY = 'eyJ.anon';
    process.env.SUPABASE_SECRET_KEY = 'sb_secret_y';
    expect(serverEnv()).toEqual({ url: URL, publishableKey: 'eyJ.anon', secretKey: 'sb_secret_y' });
    process.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY = 'sb_publishable_x';
    expect(serverEnv().publishableKey).toBe('sb_publishable_x');
  });
});

describe('lib/supabase/public-env.ts (browser client, proxy)', () => {
  it('prefers the publishable key and falls back to the anon key', () => {
    process.env.NEXT_PUBLIC_SUPABASE_URL = URL;
    process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY = 'eyJ.anon';
    expect(publicSupabaseEnv()).toEqual({ url: URL, publishableKey: 'eyJ.anon' });
    process.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY = 'sb_publishable_x';
    expect(publicSupabaseEnv()).toEqual({ url: URL, publishableKey: 'sb_publishable_x' });
  });
});

describe('scripts: the environment first, then .env.local', () => {
  it('takes each value from the first source that has it under either name', () => {
    const fromFile = { NEXT_PUBLIC_SUPABASE_URL: 'http://127.0.0.1:54321', SUPABASE_SECRET_KEY: 'sb_secret_file' };
    expect(supabaseSettings({ SUPABASE_SERVICE_ROLE_KEY: 'eyJ.env' }, fromFile)).toEqual({
      url: 'http://127.0.0.1:54321',
      publishableKey: undefined,
      secretKey: 'eyJ.env',
    });
    expect(supabaseSettings({}, fromFile).secretKey).toBe('sb_secret_file');
  });
});

describe('.env.local for a local stack', () => {
  it('gets the current names, keeps the developer’s own variables and drops stale legacy keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'envfile-'));
    const file = join(dir, '.env.local');
    try {
      writeFileSync(file, 'NEXT_PUBLIC_SUPABASE_URL=http://127.0.0.1:54321\nNEXT_PUBLIC_SUPABASE_ANON_KEY=eyJ.old\nSUPABASE_SERVICE_ROLE_KEY=eyJ.old\nPORT=3001\n');
      expect(writeEnvFile({ url: 'http://127.0.0.1:54321', publishableKey: 'sb_publishable_x', secretKey: 'sb_secret_y' }, file)).toBe('written');
      expect(parseEnv(readFileSync(file, 'utf8'))).toEqual({
        NEXT_PUBLIC_SUPABASE_URL: 'http://127.0.0.1:54321',
        NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: 'sb_publishable_x',
        SUPABASE_SECRET_KEY: 'sb_secret_y',
        PORT: '3001',
      });
      // A hosted project's file is never touched, whatever names it uses.
      const hosted = `NEXT_PUBLIC_SUPABASE_URL=${URL}\nNEXT_PUBLIC_SUPABASE_ANON_KEY=eyJ.hosted\nSUPABASE_SERVICE_ROLE_KEY=eyJ.hosted\n`;
      writeFileSync(file, hosted);
      expect(writeEnvFile({ url: 'http://127.0.0.1:54321', publishableKey: 'sb_publishable_x', secretKey: 'sb_secret_y' }, file)).toBe('kept');
      expect(readFileSync(file, 'utf8')).toBe(hosted);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
