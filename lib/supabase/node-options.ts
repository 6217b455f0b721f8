// The options every supabase-js client made in Node shares (route handlers, jobs, scripts, tests,
// the bench, the seed): no session of its own (the caller holds the token or the key), and a
// WebSocket for Realtime, which supabase-js builds at client creation and which Node 20 lacks as a
// global. No `server-only` here: code outside Next.js uses it too.
import ws from 'ws';

/** Realtime's transport for Node. The cast: `ws` is API-compatible with the DOM WebSocket type. */
export const nodeRealtime = { transport: ws as unknown as typeof WebSocket };

export const nodeClientOptions = {
  auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  realtime: nodeRealtime,
};
