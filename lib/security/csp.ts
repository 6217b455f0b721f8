// HTTP security headers. Two parts:
// - staticSecurityHeaders(): the same for every response, set in next.config.ts headers().
// - a per-request Content-Security-Policy with a nonce for pages, set by proxy.ts through
//   applyPageCsp(). Next.js reads the nonce from the request's CSP header and puts it on its own
//   scripts, so script-src needs neither 'unsafe-inline' nor hashes ('strict-dynamic' lets those
//   scripts load the app's chunks). Pages must render dynamically for this (a prerendered page has
//   no nonce): the root layout awaits connection().
// No Node-only APIs here: proxy.ts and next.config.ts both import this file.

export interface CspOptions {
  /** Per-request nonce; without one the policy falls back to 'unsafe-inline' scripts (static pages). */
  nonce?: string;
  /** next dev: React needs 'unsafe-eval' for its error overlay, and dev styles are injected inline. */
  dev?: boolean;
  /** NEXT_PUBLIC_SUPABASE_URL: the browser calls Auth there, and plays signed recording URLs from Storage. */
  supabaseUrl?: string;
}

function origin(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The Content-Security-Policy for HTML pages. */
export function contentSecurityPolicy(opts: CspOptions = {}): string {
  const supabase = origin(opts.supabaseUrl);
  const nonce = opts.nonce ? `'nonce-${opts.nonce}'` : null;
  const directives: [string, ...(string | null | false | undefined)[]][] = [
    ['default-src', "'self'"],
    // Nonce + strict-dynamic: only scripts Next.js rendered with this request's nonce, and what they load.
    ['script-src', "'self'", nonce ?? "'unsafe-inline'", nonce && "'strict-dynamic'", opts.dev && "'unsafe-eval'"],
    // Style elements carry the nonce in production; style attributes (React style={…}) cannot carry one.
    ['style-src', "'self'", opts.dev || !nonce ? "'unsafe-inline'" : nonce],
    ['style-src-attr', "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'", 'data:'],
    ['connect-src', "'self'", supabase, opts.dev && 'ws:'],
    // Recordings play from short-lived signed Storage URLs.
    ['media-src', "'self'", supabase, 'blob:'],
    ['object-src', "'none'"],
    ['frame-src', "'none'"],
    ['worker-src', "'self'", 'blob:'],
    ['base-uri', "'self'"],
    ['form-action', "'self'"],
    ['frame-ancestors', "'none'"],
    // Only when everything is already https: upgrading would break a local http Supabase.
    ...(supabase?.startsWith('https:') && !opts.dev ? [['upgrade-insecure-requests'] as [string]] : []),
  ];
  return directives
    .map(([name, ...values]) => [name, ...values.filter((v): v is string => typeof v === 'string' && v.length > 0)].join(' '))
    .join('; ');
}

/** The policy for JSON route handlers: they never render HTML, so nothing may load or frame them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Headers for every response (next.config.ts). HSTS only in production: it would pin localhost to https. */
export function staticSecurityHeaders(opts: { production: boolean }): { key: string; value: string }[] {
  return [
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    // Call ids live in paths; other origins learn nothing, not even the origin.
    { key: 'Referrer-Policy', value: 'same-origin' },
    {
      key: 'Permissions-Policy',
      value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), magnetometer=(), gyroscope=(), accelerometer=(), browsing-topics=()',
    },
    { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
    { key: 'X-DNS-Prefetch-Control', value: 'off' },
    ...(opts.production ? [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }] : []),
  ];
}

/** 128 random bits, base64: unguessable and new for every request. */
export function generateNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/**
 * For proxy.ts, before the first NextResponse.next({ request }): puts a fresh nonce and the page
 * CSP on the request headers (Next.js takes the nonce from there and forwards them to rendering),
 * and returns the policy, which the proxy sets on every response it returns:
 *
 *   const csp = applyPageCsp(request);
 *   let response = NextResponse.next({ request });   // also inside setAll
 *   …
 *   return withCsp(response, csp);                    // every return, redirects included
 */
export function applyPageCsp(request: { headers: Headers }, opts: Omit<CspOptions, 'nonce'> = {}): string {
  const nonce = generateNonce();
  const policy = contentSecurityPolicy({
    nonce,
    dev: opts.dev ?? process.env.NODE_ENV === 'development',
    supabaseUrl: opts.supabaseUrl ?? process.env.NEXT_PUBLIC_SUPABASE_URL,
  });
  request.headers.set('x-nonce', nonce);
  request.headers.set('content-security-policy', policy);
  return policy;
}

/** Sets the page CSP on a response the proxy returns. */
export function withCsp<R extends { headers: Headers }>(response: R, policy: string): R {
  response.headers.set('Content-Security-Policy', policy);
  return response;
}
