// The local stack is for the developer's own browser only: it listens on loopback, and its gateway
// answers CORS for the app's origins only (the demo password is public, so any web page a
// developer visits could otherwise read the stack through their browser).
import { describe, expect, it } from 'vitest';
import { stackEnv } from '../helpers/clients.ts';
import { defaultCorsOrigins } from '../../supabase/local/gateway.ts';
import { listeners, LOOPBACK_V4_HEX } from '../helpers/sockets.ts';

describe('local stack exposure', () => {
  it('gateway and Postgres listen on 127.0.0.1 only', () => {
    const apiPort = Number(new URL(stackEnv().url).port);
    const dbPort = Number(new URL(stackEnv().dbUrl).port);
    for (const port of [apiPort, dbPort]) {
      const addrs = listeners(port);
      expect(addrs.length, `listeners on ${port}`).toBeGreaterThan(0);
      expect(addrs, `port ${port}`).toEqual(addrs.map(() => LOOPBACK_V4_HEX));
    }
  });

  it('defaults CORS to the app on localhost and 127.0.0.1, configurable', () => {
    expect(defaultCorsOrigins({})).toEqual(['http://localhost:3000', 'http://127.0.0.1:3000']);
    expect(defaultCorsOrigins({ PORT: '4000' })).toEqual(['http://localhost:4000', 'http://127.0.0.1:4000']);
    expect(defaultCorsOrigins({ SUPABASE_CORS_ORIGINS: 'https://app.test/, http://x.test:8080' })).toEqual(['https://app.test', 'http://x.test:8080']);
  });

  it.each(['http://localhost:3000', 'http://127.0.0.1:3000'])('answers CORS for the app origin %s', async (origin) => {
    const preflight = await fetch(`${stackEnv().url}/auth/v1/token?grant_type=password`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'apikey, content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('apikey');
    const health = await fetch(`${stackEnv().url}/auth/v1/health`, { headers: { origin, apikey: stackEnv().publishableKey } });
    expect(health.headers.get('access-control-allow-origin')).toBe(origin);
    expect(health.headers.get('vary')).toMatch(/origin/i);
  });

  it.each(['https://evil.example', 'http://localhost:3001', 'null'])('gives a foreign origin (%s) no CORS grant', async (origin) => {
    const preflight = await fetch(`${stackEnv().url}/rest/v1/call_logs`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'apikey, authorization' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const res = await fetch(`${stackEnv().url}/auth/v1/health`, { headers: { origin, apikey: stackEnv().publishableKey } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });
});
