// npm run bench:download-memory [-- --mib 100] [--slow-sink] [--builtin-fetch]
// Peak memory of one recording download streamed into an upload, as the pipeline does it
// (lib/recordings/download.ts → Storage upload with a streamed body), for a 100 MiB recording.
// The provider and the upload sink run in a child process, so only the worker's side is measured.
// Not a test: it prints the numbers. Peak RSS includes buffers already released but not yet
// collected; the live peak (sampled right after a forced GC) is what the transfer really holds.
// --slow-sink makes the upload side slower than the download (~25 MiB/s), so only backpressure
// keeps the download from piling up in memory.
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { openRecording } from '../lib/recordings/download.ts';
import { streamingFetch } from '../lib/supabase/streaming-fetch.ts';

const { values } = parseArgs({ options: { mib: { type: 'string', default: '100' }, servers: { type: 'boolean', default: false }, 'slow-sink': { type: 'boolean', default: false }, 'builtin-fetch': { type: 'boolean', default: false } } });
const bytes = Number(values.mib) * 1024 * 1024;

if (values.servers) {
  // Child: a provider that streams `bytes` of audio (with backpressure), and a sink that discards.
  const provider = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': String(bytes) });
    const chunk = Buffer.alloc(64 * 1024, 1);
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        const n = Math.min(chunk.length, bytes - sent);
        sent += n;
        if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  const sink = createServer((req, res) => {
    let received = 0;
    req.on('data', (c: Buffer) => {
      received += c.length;
      // ~25 MiB/s: pause 40 ms per MiB.
      if (values['slow-sink'] && received % (1024 * 1024) < c.length) {
        req.pause();
        setTimeout(() => req.resume(), 40);
      }
    });
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ received })));
  });
  await Promise.all([new Promise<void>((r) => provider.listen(0, '127.0.0.1', r)), new Promise<void>((r) => sink.listen(0, '127.0.0.1', r))]);
  process.send!({ provider: (provider.address() as AddressInfo).port, sink: (sink.address() as AddressInfo).port });
} else {
  const child = fork(new URL(import.meta.url).pathname, ['--servers', '--mib', String(values.mib), ...(values['slow-sink'] ? ['--slow-sink'] : [])], { execArgv: ['--import', 'tsx'] });
  const ports = await new Promise<{ provider: number; sink: number }>((resolve) => child.once('message', (m) => resolve(m as never)));
  try {
    const gc = global.gc;
    if (!gc) throw new Error('run with node --expose-gc (npm run bench:download-memory does)');
    gc();
    const base = process.memoryUsage();
    let peakRss = base.rss;
    let peakLive = { heapUsed: base.heapUsed, arrayBuffers: base.arrayBuffers };
    const rssSampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 2);
    const liveSampler = setInterval(() => {
      gc();
      const m = process.memoryUsage();
      peakLive = { heapUsed: Math.max(peakLive.heapUsed, m.heapUsed), arrayBuffers: Math.max(peakLive.arrayBuffers, m.arrayBuffers) };
    }, 25);
    const t0 = performance.now();
    const rec = await openRecording(`http://127.0.0.1:${ports.provider}/rec.wav`, {
      allowPrivateNetworks: true,
      allowedRecordingHosts: [],
      downloadTimeoutMs: 120_000,
      maxRecordingBytes: bytes + 1,
    });
    // The request supabase-js Storage makes for a stream body, through the fetch the service
    // clients are given (--builtin-fetch: Node's own fetch instead, for comparison).
    const doFetch = values['builtin-fetch'] ? fetch : streamingFetch;
    const res = await doFetch(`http://127.0.0.1:${ports.sink}/upload`, {
      method: 'POST',
      body: rec.body as unknown as BodyInit,
      headers: { 'content-type': rec.contentType },
      duplex: 'half',
    } as RequestInit);
    const { received } = (await res.json()) as { received: number };
    const ms = performance.now() - t0;
    clearInterval(rssSampler);
    clearInterval(liveSampler);
    if (rec.failure()) throw rec.failure();
    if (received !== bytes) throw new Error(`sink received ${received} of ${bytes} bytes`);
    const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
    console.log(`streamed ${mib(bytes)} provider → worker → upload${values['slow-sink'] ? ' (slow sink)' : ''}${values['builtin-fetch'] ? ' with the built-in fetch' : ''} in ${(ms / 1000).toFixed(1)} s`);
    console.log(`peak RSS                      +${mib(peakRss - base.rss)} over a baseline of ${mib(base.rss)} (includes uncollected garbage)`);
    console.log(`peak live heap                +${mib(peakLive.heapUsed - base.heapUsed)}`);
    console.log(`peak live Buffers/ArrayBuffers +${mib(peakLive.arrayBuffers - base.arrayBuffers)}`);
  } finally {
    child.kill();
  }
}
