import type { NextConfig } from 'next';
import { API_CONTENT_SECURITY_POLICY, staticSecurityHeaders } from './lib/security/csp';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // No gzip in the Node process: route handlers stream their JSON, so Next compressed every response,
  // small ones included, and zlib was about a fifth of the server's CPU per API request (profile of
  // `next start`, docs/performance.md). Compression belongs to the edge in front of the app (Vercel's
  // does it; behind your own proxy, enable it there), as it does for the Supabase API.
  compress: false,
  // next dev serves its dev resources only to localhost unless told otherwise: a page opened at
  // http://127.0.0.1:3000 (the address family the local stack prints) would never hydrate, and a
  // sign-in submitted before hydration would be a native form GET.
  allowedDevOrigins: ['127.0.0.1'],
  // The local stack lives in supabase/local and is never bundled into the app.
  typescript: { ignoreBuildErrors: false },
  // Security headers (docs/security.md). Pages get their nonce-based Content-Security-Policy from
  // proxy.ts (lib/security/csp.ts); route handlers return JSON only and get a deny-all policy.
  async headers() {
    return [
      { source: '/:path*', headers: staticSecurityHeaders({ production: process.env.NODE_ENV === 'production' }) },
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: API_CONTENT_SECURITY_POLICY }] },
    ];
  },
};

export default nextConfig;
