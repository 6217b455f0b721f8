// How `npm run dev` runs `next dev`: on loopback only (next dev listens on every interface by
// default, and a dev build with demo data is nobody else's business). The browser reaches it as
// http://localhost:<port> and http://127.0.0.1:<port> alike: allowedDevOrigins in next.config.ts
// lets the latter load Next's dev resources and hydrate. tests/integration/dev-server-origins.test.ts
// runs next dev with these arguments.
export const DEV_HOSTNAME = '127.0.0.1';

export function nextDevArgs(port: string | number): string[] {
  return ['dev', '--hostname', DEV_HOSTNAME, '--port', String(port)];
}
