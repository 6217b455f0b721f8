import { describe, expect, it, vi } from 'vitest';
import { ApiError, apiErrorFromBody, shouldRetryQuery } from '@/lib/client/api-error';
import { createBackendFetch, type SessionAdapter } from '@/lib/client/backend-fetch-core';
import { RETRY_AFTER_SECONDS, toErrorResponse } from '@/lib/api/errors';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function setup(responses: Array<Response | Error>, session: Partial<SessionAdapter> = {}) {
  const calls: { path: string; auth: string | null }[] = [];
  const queue = [...responses];
  const fetchFake = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ path: String(input), auth: new Headers(init?.headers).get('authorization') });
    const next = queue.shift();
    if (!next) throw new Error('unexpected fetch');
    if (next instanceof Error) throw next;
    return next;
  });
  const adapter: SessionAdapter = {
    getAccessToken: vi.fn(async () => 'old-token'),
    refresh: vi.fn(async () => 'new-token'),
    signOutLocally: vi.fn(async () => undefined),
    ...session,
  };
  const redirectToLogin = vi.fn();
  const backendFetch = createBackendFetch({
    fetch: fetchFake as unknown as typeof fetch,
    session: adapter,
    redirectToLogin,
    currentLocation: () => '/calls?direction=inbound',
  });
  return { backendFetch, calls, adapter, redirectToLogin, fetchFake };
}

describe('authedBackendFetch', () => {
  it('sends the bearer token and returns the JSON body', async () => {
    const { backendFetch, calls } = setup([json(200, { ok: 1 })]);
    await expect(backendFetch('/api/me')).resolves.toEqual({ ok: 1 });
    expect(calls).toEqual([{ path: '/api/me', auth: 'Bearer old-token' }]);
  });

  it('on 401 refreshes once and retries once with the new token', async () => {
    const { backendFetch, calls, adapter, redirectToLogin } = setup([
      json(401, { error: { code: 'session_expired', message: 'expired' } }),
      json(200, { ok: 2 }),
    ]);
    await expect(backendFetch('/api/calls-dashboard')).resolves.toEqual({ ok: 2 });
    expect(calls.map((c) => c.auth)).toEqual(['Bearer old-token', 'Bearer new-token']);
    expect(adapter.refresh).toHaveBeenCalledTimes(1);
    expect(redirectToLogin).not.toHaveBeenCalled();
  });

  it('on a second 401 signs out locally and sends the user to /login with next', async () => {
    const { backendFetch, calls, adapter, redirectToLogin } = setup([
      json(401, { error: { code: 'invalid_token', message: 'bad' } }),
      json(401, { error: { code: 'stale_session', message: 'Sign in again' } }),
    ]);
    const error = await backendFetch('/api/me').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: 'stale_session', message: 'Sign in again' });
    expect(calls).toHaveLength(2);
    expect(adapter.refresh).toHaveBeenCalledTimes(1);
    expect(adapter.signOutLocally).toHaveBeenCalledTimes(1);
    expect(redirectToLogin).toHaveBeenCalledWith('/calls?direction=inbound');
  });

  it('does not retry when the refresh fails', async () => {
    const { backendFetch, calls, redirectToLogin } = setup([json(401, { error: { code: 'unauthorized', message: 'no' } })], {
      refresh: async () => null,
    });
    await expect(backendFetch('/api/me')).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    expect(calls).toHaveLength(1);
    expect(redirectToLogin).toHaveBeenCalledTimes(1);
  });

  it('shares one refresh between concurrent 401s', async () => {
    let release!: (token: string) => void;
    const refresh = vi.fn(() => new Promise<string | null>((resolve) => (release = resolve)));
    const expired = () => json(401, { error: { code: 'session_expired', message: 'x' } });
    const { backendFetch } = setup([expired(), expired(), json(200, { a: 1 }), json(200, { b: 2 })], { refresh });
    const both = Promise.all([backendFetch('/api/a'), backendFetch('/api/b')]);
    await vi.waitFor(() => expect(refresh).toHaveBeenCalledTimes(1));
    release('new-token');
    await expect(both).resolves.toHaveLength(2);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('does not treat 403 as a session problem', async () => {
    const { backendFetch, adapter, redirectToLogin } = setup([json(403, { error: { code: 'organization_suspended', message: 'Suspended' } })]);
    await expect(backendFetch('/api/me')).rejects.toMatchObject({ status: 403, code: 'organization_suspended', message: 'Suspended' });
    expect(adapter.refresh).not.toHaveBeenCalled();
    expect(redirectToLogin).not.toHaveBeenCalled();
  });

  it('an outage answer (503 + Retry-After) is "try again": no refresh, no sign-out, retried by queries', async () => {
    // The server's own answer while PostgREST cannot reach Postgres (PGRST001), as the routes send it.
    const outage = toErrorResponse({ code: 'PGRST001', message: 'Database client error. Retrying the connection.' });
    expect(outage.status).toBe(503);
    expect(outage.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
    const { backendFetch, adapter, redirectToLogin } = setup([outage]);
    const error = await backendFetch('/api/calls-dashboard').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, code: 'service_unavailable' });
    expect((error as ApiError).message).toMatch(/try again/i);
    expect(adapter.refresh).not.toHaveBeenCalled();
    expect(adapter.signOutLocally).not.toHaveBeenCalled();
    expect(redirectToLogin).not.toHaveBeenCalled();
    expect(shouldRetryQuery(0, error)).toBe(true);
    // The other outage answers the routes see: a bodiless HEAD (the list's count request) with only
    // its status, PostgREST without its schema cache, a statement cut off by a shutdown or timeout.
    for (const cause of [{ message: '', status: 503 }, { code: 'PGRST002', message: 'x' }, { code: '57P01', message: 'x' }, { code: '57014', message: 'x' }]) {
      expect(toErrorResponse(cause).status).toBe(503);
    }
    expect(toErrorResponse({ message: '', status: 500 }).status).toBe(500);
  });

  it('turns a network failure into network_error', async () => {
    const { backendFetch } = setup([new TypeError('Failed to fetch')]);
    await expect(backendFetch('/api/me')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('lets aborts through untouched (query cancellation)', async () => {
    const abort = new DOMException('aborted', 'AbortError');
    const { backendFetch } = setup([abort]);
    await expect(backendFetch('/api/me')).rejects.toBe(abort);
  });

  it('maps a non-JSON error page to unexpected_response', async () => {
    const { backendFetch } = setup([new Response('<html>Bad gateway</html>', { status: 502 })]);
    await expect(backendFetch('/api/me')).rejects.toMatchObject({ status: 502, code: 'unexpected_response' });
  });

  it('sends requests without a token when signed out (the API answers 401)', async () => {
    const { backendFetch, calls } = setup([json(200, {})], { getAccessToken: async () => null });
    await backendFetch('/api/me');
    expect(calls[0].auth).toBeNull();
  });

  it('refuses to send the token anywhere but same-origin paths', async () => {
    const { backendFetch, fetchFake } = setup([]);
    await expect(backendFetch('https://evil.example/api')).rejects.toThrow(/same-origin/);
    await expect(backendFetch('//evil.example/api')).rejects.toThrow(/same-origin/);
    expect(fetchFake).not.toHaveBeenCalled();
  });
});

describe('ApiError', () => {
  it('parses the error envelope', () => {
    expect(apiErrorFromBody(404, { error: { code: 'not_found', message: 'Call not found' } })).toMatchObject({
      status: 404,
      code: 'not_found',
      message: 'Call not found',
    });
    expect(apiErrorFromBody(400, { error: 'nope' })).toMatchObject({ code: 'unexpected_response' });
    expect(apiErrorFromBody(500, undefined).message).toMatch(/server/i);
  });

  it('query retry policy: never 4xx, a couple of times otherwise', () => {
    expect(shouldRetryQuery(0, new ApiError(404, 'not_found', ''))).toBe(false);
    expect(shouldRetryQuery(0, new ApiError(429, 'rate_limited', ''))).toBe(false);
    expect(shouldRetryQuery(0, new ApiError(500, 'internal_error', ''))).toBe(true);
    expect(shouldRetryQuery(0, new ApiError(0, 'network_error', ''))).toBe(true);
    expect(shouldRetryQuery(2, new ApiError(500, 'internal_error', ''))).toBe(false);
  });
});
