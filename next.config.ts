import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The local stack lives in supabase/local and is never bundled into the app.
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;
