// /auth/confirm's `next` (where a mailed link lands its reader, signed in): a crafted link carries a
// valid token for the crafter's own account and any `next`, so `next` must stay a path of this site
// after normalisation, as /login's does.
import { describe, expect, it } from 'vitest';
import { confirmTarget } from '../../lib/auth/confirm-target';

const here = new URL('http://127.0.0.1:3000/auth/confirm?token_hash=x&type=invite');
const target = (next: string | null, appUrl?: string) => {
  const url = confirmTarget(next, here, '127.0.0.1:3000', appUrl);
  expect(url.origin).toBe(here.origin);
  return `${url.pathname}${url.search}`;
};

describe('confirmTarget', () => {
  it.each([
    ['/invite/abc', '/invite/abc'],
    ['/invite/abc?x=1', '/invite/abc?x=1'],
    ['http://127.0.0.1:3000/invite/abc', '/invite/abc'],
    ['http://localhost:3000/invite/abc', '/calls'],
    [null, '/calls'],
    ['', '/calls'],
  ])('%s → %s', (next, expected) => {
    expect(target(next)).toBe(expected);
  });

  it("APP_URL's origin counts as this site (a server on 127.0.0.1 reached as localhost)", () => {
    expect(target('http://localhost:3000/invite/abc', 'http://localhost:3000')).toBe('/invite/abc');
  });

  it.each([
    '//evil.example/x',
    '/.//evil.example/x',
    '/invite/..//evil.example',
    '/%2e//evil.example',
    '/\\evil.example',
    '/\t/evil.example',
    'https://evil.example/invite/abc',
    'http://127.0.0.1:3000/.//evil.example/x',
    'http://127.0.0.1:3000//evil.example/x',
    'javascript:alert(1)',
    'http://127.0.0.1:3000@evil.example/',
  ])('never leaves the site: %s → the start page', (next) => {
    expect(target(next)).toBe('/calls');
  });
});
