// A `fetch` for the service-role Supabase clients that streams a Node.js stream request body with
// backpressure. Node's built-in fetch (undici) held the whole body of a streamed upload in memory
// (measured: +100 MiB live for a 100 MiB recording, bench/recording-download-memory.ts), which
// defeats streaming a recording into Storage. Requests with any other body go to the built-in
// fetch unchanged, so supabase-js keeps building every request (URL, headers, errors) itself.
import http from 'node:http';
import https from 'node:https';
import { pipeline, Readable } from 'node:stream';

function isNodeStream(body: unknown): body is Readable {
  return body instanceof Readable;
}

export const streamingFetch: typeof fetch = (input, init) => {
  if (!isNodeStream(init?.body)) return fetch(input, init);
  const body = init.body;
  const url = new URL(input instanceof Request ? input.url : String(input));
  const headers = Object.fromEntries(new Headers(init.headers).entries());
  return new Promise<Response>((resolve, reject) => {
    const req = (url.protocol === 'https:' ? https : http).request(url, {
      method: init.method ?? 'POST',
      headers: { ...headers, 'transfer-encoding': 'chunked' },
      signal: init.signal ?? undefined,
    });
    req.once('response', (res) => {
      const responseHeaders = new Headers();
      for (const [k, v] of Object.entries(res.headers)) {
        if (v !== undefined) responseHeaders.set(k, Array.isArray(v) ? v.join(', ') : v);
      }
      const status = res.statusCode ?? 502;
      const nullBody = status === 204 || status === 304 || init.method === 'HEAD';
      if (nullBody) res.resume();
      resolve(new Response(nullBody ? null : (Readable.toWeb(res) as ReadableStream), { status, statusText: res.statusMessage, headers: responseHeaders }));
    });
    // Backpressure: the body is read only as fast as the socket takes it. Errors on either side
    // (the download failing mid-way, the connection dropping) end the request with that error.
    pipeline(body, req, (error) => {
      if (error) reject(error);
    });
  });
};
