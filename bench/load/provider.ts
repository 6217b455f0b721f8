// The voice provider's recording host during a load run (node:http on 127.0.0.1). Its mode is the
// fault: `ok` serves the recording, `slow` waits before each response and trickles the body, `failing`
// answers 500, `truncating` promises the full Content-Length and closes the connection halfway.
// Every recording has known bytes (recordingBytes), so the run can prove a stored object is whole.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { wavFile } from '../../supabase/local/seed/audio.ts';

export type ProviderMode = 'ok' | 'slow' | 'failing' | 'truncating';

export function recordingBytes(name: string): Buffer {
  const data = Buffer.alloc(16 * 1024);
  const seed = createHash('sha256').update(name).digest();
  for (let i = 0; i < data.length; i++) data[i] = seed[i % seed.length] ^ (i & 0xff);
  return wavFile(data);
}

export interface RecordingProvider {
  url(name: string): string;
  setMode(mode: ProviderMode): void;
  /** Requests answered per mode. */
  served: Record<ProviderMode, number>;
  close(): Promise<void>;
}

export async function startRecordingProvider(): Promise<RecordingProvider> {
  let mode: ProviderMode = 'ok';
  const served: Record<ProviderMode, number> = { ok: 0, slow: 0, failing: 0, truncating: 0 };
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const name = /^\/recordings\/([\w.-]+)\.wav$/.exec(req.url ?? '')?.[1];
    if (!name) return void res.writeHead(404).end();
    const current = mode;
    served[current]++;
    const wav = recordingBytes(name);
    if (current === 'failing') return void res.writeHead(500, { 'content-type': 'text/plain' }).end('provider error');
    if (current === 'truncating') {
      res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': wav.length });
      res.write(wav.subarray(0, wav.length >> 1), () => res.socket?.destroy());
      return;
    }
    if (current === 'slow') {
      // 1.5 s before the headers, then the body in four pieces 250 ms apart.
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': wav.length });
        const quarter = Math.ceil(wav.length / 4);
        let i = 0;
        const next = () => {
          if (res.destroyed) return;
          const piece = wav.subarray(i * quarter, (i + 1) * quarter);
          i++;
          if (i >= 4) res.end(piece);
          else res.write(piece, () => setTimeout(next, 250));
        };
        next();
      }, 1_500);
      return;
    }
    res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': wav.length }).end(wav);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (name) => `http://127.0.0.1:${port}/recordings/${name}.wav`,
    setMode: (m) => void (mode = m),
    served,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
