// Security headers: the page CSP (nonce, no 'unsafe-inline' scripts), the static headers from
// next.config.ts, and — once proxy.ts calls applyPageCsp — the proxy's responses.
import { describe, expect, it } from 'vitest';
import nextConfig from '../../next.config.ts';
import { API_CONTENT_SECURITY_POLICY, applyPageCsp, contentSecurityPolicy, staticSecurityHeaders } from '../../lib/security/csp.ts';

const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));

describe('page Content-Security-Policy', () => {
  const csp = directives(contentSecurityPolicy({ nonce: 'abc123', supabaseUrl: 'https://proj.supabase.co/' }));

  it('allows scripts only by nonce (strict-dynamic), never unsafe-inline or unsafe-eval', () => {
    expect(csp.get('script-src')).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
  });

  it('forbids framing, plugins and foreign form targets', () => {
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
  });

  it('lets the browser reach Supabase (auth) and play signed Storage URLs, nothing else', () => {
    expect(csp.get('connect-src')).toEqual(["'self'", 'https://proj.supabase.co']);
    expect(csp.get('media-src')).toEqual(["'self'", 'https://proj.supabase.co', 'blob:']);
    expect(csp.get('default-src')).toEqual(["'self'"]);
  });

  it('upgrades insecure requests only when Supabase is https (a local http stack must keep working)', () => {
    expect(csp.has('upgrade-insecure-requests')).toBe(true);
    expect(directives(contentSecurityPolicy({ nonce: 'n', supabaseUrl: 'http://127.0.0.1:54321' })).has('upgrade-insecure-requests')).toBe(false);
  });

  it('adds unsafe-eval only in development', () => {
    expect(directives(contentSecurityPolicy({ nonce: 'n', dev: true })).get('script-src')).toContain("'unsafe-eval'");
  });

  it('puts a fresh nonce and the policy on the request for Next.js, and returns the policy', () => {
    const a = new Request('http://localhost/calls');
    const b = new Request('http://localhost/calls');
    const policyA = applyPageCsp(a, { supabaseUrl: 'http://127.0.0.1:54321', dev: false });
    applyPageCsp(b, { supabaseUrl: 'http://127.0.0.1:54321', dev: false });
    const nonce = a.headers.get('x-nonce')!;
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(nonce).not.toBe(b.headers.get('x-nonce'));
    expect(a.headers.get('content-security-policy')).toBe(policyA);
    expect(policyA).toContain(`'nonce-${nonce}'`);
  });
});

describe('next.config.ts headers()', () => {
  it('sends the static security headers on every route, HSTS only in production', async () => {
    const rules = await nextConfig.headers!();
    const all = rules.find((r) => r.source === '/:path*')!;
    const names = all.headers.map((h) => h.key);
    expect(names).toEqual(expect.arrayContaining(['X-Frame-Options', 'X-Content-Type-Options', 'Referrer-Policy', 'Permissions-Policy']));
    expect(all.headers).toContainEqual({ key: 'X-Frame-Options', value: 'DENY' });
    expect(staticSecurityHeaders({ production: true }).map((h) => h.key)).toContain('Strict-Transport-Security');
    expect(staticSecurityHeaders({ production: false }).map((h) => h.key)).not.toContain('Strict-Transport-Security');
  });

  it('gives route handlers a deny-all CSP', async () => {
    const rules = await nextConfig.headers!();
    expect(rules.find((r) => r.source === '/api/:path*')!.headers).toEqual([{ key: 'Content-Security-Policy', value: API_CONTENT_SECURITY_POLICY }]);
    expect(API_CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });
});

describe('proxy.ts', () => {
  const policyOf = (res: Response) => res.headers.get('content-security-policy') ?? '';
  const expectNoncePolicy = (policy: string) => {
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  };

  it('sets the nonce CSP on page responses', async () => {
    const { NextRequest } = await import('next/server');
    const { proxy } = await import('../../proxy.ts');
    const saved = process.env.NEXT_PUBLIC_SUPABASE_URL;
    delete process.env.NEXT_PUBLIC_SUPABASE_URL;
    try {
      expectNoncePolicy(policyOf(await proxy(new NextRequest('http://localhost/login'))));
    } finally {
      if (saved !== undefined) process.env.NEXT_PUBLIC_SUPABASE_URL = saved;
    }
  });

  it('sets it on the redirect of a signed-out visitor too, with a fresh nonce per request', async () => {
    const { NextRequest } = await import('next/server');
    const { proxy } = await import('../../proxy.ts');
    const saved = { url: process.env.NEXT_PUBLIC_SUPABASE_URL, key: process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY };
    process.env.NEXT_PUBLIC_SUPABASE_URL = 'http://127.0.0.1:9';
    process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY = 'anon';
    try {
      const first = await proxy(new NextRequest('http://localhost/calls'));
      const second = await proxy(new NextRequest('http://localhost/calls'));
      expect(first.status).toBe(307);
      expect(first.headers.get('location')).toContain('/login?next=%2Fcalls');
      expectNoncePolicy(policyOf(first));
      expect(policyOf(first)).not.toBe(policyOf(second));
    } finally {
      process.env.NEXT_PUBLIC_SUPABASE_URL = saved.url;
      process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY = saved.key;
      if (saved.url === undefined) delete process.env.NEXT_PUBLIC_SUPABASE_URL;
      if (saved.key === undefined) delete process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY;
    }
  });
});
