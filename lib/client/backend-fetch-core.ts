// The logic of authedBackendFetch, free of browser globals so it can be unit-tested with fakes.
// lib/client/authed-backend-fetch.ts binds it to the Supabase browser client and window.location.
import { ApiError, apiErrorFromBody, NETWORK_ERROR_MESSAGE } from './api-error';

export interface SessionAdapter {
  /** The current session's access token, or null when signed out. */
  getAccessToken(): Promise<string | null>;
  /** Refreshes the session; resolves to the new access token, or null when that failed. */
  refresh(): Promise<string | null>;
  /** Drops the local session (cookies/storage) without calling the server. */
  signOutLocally(): Promise<void>;
}

export interface BackendFetchDeps {
  fetch: typeof fetch;
  session: SessionAdapter;
  /** Leaves the app for the sign-in page; `next` is where to come back to. */
  redirectToLogin(next: string): void;
  /** The current in-app location (path + search), used as `next`. */
  currentLocation(): string;
}

export type BackendFetch = <T>(path: string, init?: RequestInit) => Promise<T>;

function isAbort(error: unknown): boolean {
  return error instanceof DOMException ? error.name === 'AbortError' : (error as { name?: string } | null)?.name === 'AbortError';
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function loginUrl(next: string): string {
  return `/login?next=${encodeURIComponent(next)}`;
}

export function createBackendFetch(deps: BackendFetchDeps): BackendFetch {
  // Several queries can hit a 401 at once (an expired token); they share one refresh, because
  // refresh tokens rotate and a second concurrent refresh with the old one would be refused.
  let refreshing: Promise<string | null> | null = null;
  let leaving = false;

  const refreshOnce = () => {
    refreshing ??= deps.session.refresh().finally(() => {
      refreshing = null;
    });
    return refreshing;
  };

  const send = async (path: string, init: RequestInit | undefined, token: string | null): Promise<Response> => {
    const headers = new Headers(init?.headers);
    if (token) headers.set('Authorization', `Bearer ${token}`);
    if (!headers.has('Accept')) headers.set('Accept', 'application/json');
    try {
      return await deps.fetch(path, { ...init, headers, credentials: 'same-origin' });
    } catch (error) {
      if (isAbort(error)) throw error;
      throw new ApiError(0, 'network_error', NETWORK_ERROR_MESSAGE);
    }
  };

  const giveUp = async (response: Response): Promise<never> => {
    const error = apiErrorFromBody(response.status, await readJson(response));
    if (!leaving) {
      leaving = true;
      try {
        await deps.session.signOutLocally();
      } finally {
        deps.redirectToLogin(deps.currentLocation());
      }
    }
    throw error;
  };

  return async function authedBackendFetch<T>(path: string, init?: RequestInit): Promise<T> {
    if (!path.startsWith('/') || path.startsWith('//')) {
      // Only our own route handlers ever get the bearer token.
      throw new Error(`authedBackendFetch only calls same-origin paths, got ${path}`);
    }
    let token: string | null;
    try {
      token = await deps.session.getAccessToken();
    } catch {
      token = null;
    }
    let response = await send(path, init, token);

    if (response.status === 401) {
      let fresh: string | null;
      try {
        fresh = await refreshOnce();
      } catch {
        fresh = null;
      }
      if (!fresh) return giveUp(response);
      response = await send(path, init, fresh);
      if (response.status === 401) return giveUp(response);
    }

    // A download (the CSV export) comes back as a Blob; every other body is JSON.
    if (response.ok && (response.headers.get('content-type') ?? '').startsWith('text/csv')) return (await response.blob()) as T;
    const body = await readJson(response);
    if (!response.ok) throw apiErrorFromBody(response.status, body);
    return body as T;
  };
}
