// A stand-in for the voice provider's recording host (node:http on 127.0.0.1). Paths pick the
// behaviour; every request is counted per path, so tests can prove "downloaded exactly once".
//   /ok/<name>             200 audio/wav (small, deterministic bytes)
//   /status/<code>/<name>  that status, no audio
//   /hang/<name>           never answers
//   /stall/<name>          headers and a few bytes, then nothing (a worker is "mid-item")
//   /big/<name>            200 audio/wav, streamed without Content-Length, 4 MiB
//   /html/<name>           200 text/html
//   /flaky/<n>/<name>      500 for the first n requests of that path, then like /ok
//   /switch/<name>         like /stall until setSwitch(name, 'ok'), then like /ok
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { stackEnv } from './clients.ts';
import { wavFile } from '../../supabase/local/seed/audio.ts';

export interface ProviderFixture {
  url: (path: string) => string;
  hits: (path: string) => number;
  totalHits: () => number;
  /** Resolves when `path` has been requested at least `n` times. */
  waitForHit: (path: string, n?: number, timeoutMs?: number) => Promise<void>;
  setSwitch: (name: string, mode: 'stall' | 'ok') => void;
  close: () => Promise<void>;
}

export function fixtureWav(name: string): Buffer {
  // A valid 8 kHz mono WAV whose samples are bytes derived from the name.
  return wavFile(Buffer.alloc(2048, name.length % 251));
}

export async function startProviderFixture(): Promise<ProviderFixture> {
  const counts = new Map<string, number>();
  const switches = new Map<string, 'stall' | 'ok'>();
  const sockets = new Set<Socket>();
  const waiters: (() => void)[] = [];
  const ok = (res: ServerResponse, name: string) => {
    const wav = fixtureWav(name);
    res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': wav.length }).end(wav);
  };
  const stall = (res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'audio/wav' });
    res.write(Buffer.alloc(64));
  };
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const n = (counts.get(path) ?? 0) + 1;
    counts.set(path, n);
    waiters.splice(0).forEach((w) => w());
    const [, kind, a, b] = path.split('/');
    switch (kind) {
      case 'ok':
        return ok(res, a);
      case 'status':
        return void res.writeHead(Number(a), { 'content-type': 'text/plain' }).end(`status ${a}`);
      case 'hang':
        return;
      case 'stall':
        return stall(res);
      case 'big': {
        res.writeHead(200, { 'content-type': 'audio/wav' });
        const chunk = Buffer.alloc(64 * 1024, 1);
        let sent = 0;
        const pump = () => {
          while (sent < 4 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('error', () => {});
        return pump();
      }
      case 'html':
        return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>not audio</html>');
      case 'flaky':
        return n <= Number(a) ? void res.writeHead(500).end('flaky') : ok(res, b);
      case 'switch':
        return (switches.get(a) ?? 'stall') === 'ok' ? ok(res, a) : stall(res);
      default:
        return void res.writeHead(404).end();
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path) => `${base}${path}`,
    hits: (path) => counts.get(path) ?? 0,
    totalHits: () => [...counts.values()].reduce((a, b) => a + b, 0),
    waitForHit: (path, n = 1, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`no request for ${path} within ${timeoutMs} ms`)), timeoutMs);
        const check = () => {
          if ((counts.get(path) ?? 0) >= n) {
            clearTimeout(deadline);
            resolve();
          } else waiters.push(check);
        };
        check();
      }),
    setSwitch: (name, mode) => void switches.set(name, mode),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * The shared lifecycle of the pipeline tests: one database connection to the test run's stack and
 * one provider fixture server per file, handed over once ready and closed after the file.
 */
export function setUpPipelineTest(onReady: (db: pg.Client, fixture: ProviderFixture) => void) {
  let db: pg.Client | undefined;
  let fixture: ProviderFixture | undefined;
  beforeAll(async () => {
    db = new pg.Client({ connectionString: stackEnv().dbUrl });
    await db.connect();
    fixture = await startProviderFixture();
    onReady(db, fixture);
  });
  afterAll(async () => {
    await fixture?.close();
    await db?.end();
  });
}
