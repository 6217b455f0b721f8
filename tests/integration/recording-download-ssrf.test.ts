// Recording downloads cannot be aimed inward (SSRF), against real sockets: a DNS stub injected
// into the connection's lookup answers like an attacker's DNS server (rebinding between calls,
// loopback in odd spellings), a "provider" on 127.0.0.2 is treated as the one public address
// (trustedAddresses), and an "internal" service on 127.0.0.1 counts every request that reaches it.
// It must never see one.
import { createServer, type Server } from 'node:http';
import type { LookupAddress } from 'node:dns';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRecording, type DownloadOptions } from '../../lib/recordings/download.ts';
import { failureCode } from '../../lib/recordings/errors.ts';
import { systemResolver, type Resolver } from '../../lib/recordings/url-policy.ts';

const PROVIDER_ADDR = '127.0.0.2';
const CAP = 256 * 1024;
let internal: Server;
let provider: Server;
let internalHits = 0;
let internalPort = 0;
let providerPort = 0;

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve) => server.listen(0, host, () => resolve((server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  internal = createServer((_req, res) => {
    internalHits++;
    res.writeHead(200, { 'content-type': 'audio/wav' }).end(Buffer.alloc(1024, 7));
  });
  provider = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const audio = { 'content-type': 'audio/wav' };
    switch (url.pathname) {
      case '/ok':
        return void res.writeHead(200, audio).end(Buffer.alloc(4096, 1));
      case '/redirect':
        return void res.writeHead(302, { location: url.searchParams.get('to')! }).end();
      case '/big': {
        // No Content-Length: the cap must hold while streaming. Stops when the client goes away.
        res.writeHead(200, audio);
        const chunk = Buffer.alloc(64 * 1024, 2);
        let sent = 0;
        const pump = () => {
          while (sent < 16 * CAP) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('error', () => {});
        return pump();
      }
      case '/declared-huge':
        res.writeHead(200, { ...audio, 'content-length': String(10 * 1024 ** 3) });
        return void res.write(Buffer.alloc(16));
      case '/slow': {
        // Headers and a trickle of bytes, never the end: the whole-transfer timeout must stop it.
        res.writeHead(200, audio);
        const timer = setInterval(() => res.write(Buffer.alloc(8, 3)), 50);
        res.on('close', () => clearInterval(timer));
        return;
      }
      default:
        return void res.writeHead(404).end();
    }
  });
  internalPort = await listen(internal, '127.0.0.1');
  providerPort = await listen(provider, PROVIDER_ADDR);
});

afterAll(async () => {
  internal.closeAllConnections();
  provider.closeAllConnections();
  await Promise.all([new Promise((r) => internal.close(r)), new Promise((r) => provider.close(r))]);
});

const v4 = (address: string): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 });

/** A DNS stub: per name, the answers of successive queries (the last one repeats). Other names: the system's. */
function dnsStub(answers: Record<string, string[][]>) {
  const calls: string[] = [];
  const resolve: Resolver = async (host) => {
    calls.push(host);
    const seq = answers[host];
    if (!seq) return systemResolver(host);
    const n = calls.filter((h) => h === host).length;
    return seq[Math.min(n, seq.length) - 1].map(v4);
  };
  return { resolve, calls };
}

function options(resolve: Resolver, over: Partial<DownloadOptions> = {}): DownloadOptions {
  return {
    allowPrivateNetworks: false,
    allowHttp: true, // plain http only because the test servers have no certificates
    allowedRecordingHosts: [],
    trustedAddresses: [PROVIDER_ADDR],
    downloadTimeoutMs: 2_000,
    maxRecordingBytes: CAP,
    resolve,
    ...over,
  };
}

/** Downloads fully (draining the body) and returns the byte count, or the coarse failure code. */
async function fetchAll(url: string, o: DownloadOptions): Promise<{ ok: true; bytes: number } | { ok: false; code: string; bytesRead?: number }> {
  let rec;
  try {
    rec = await openRecording(url, o);
  } catch (error) {
    return { ok: false, code: failureCode(error) };
  }
  try {
    for await (const _chunk of rec.body) {
      // drain
    }
    return { ok: true, bytes: rec.bytesRead() };
  } catch (error) {
    return { ok: false, code: failureCode(rec.failure() ?? error), bytesRead: rec.bytesRead() };
  }
}

const providerUrl = (host: string, path: string) => `http://${host}:${providerPort}${path}`;
const internalUrl = (host: string) => `http://${host}:${internalPort}/secret`;

describe('recording downloads: the checked address is the connected address', () => {
  it('connects with the guarded lookup (a name only the stub knows works, one query per connection)', async () => {
    const dns = dnsStub({ 'rec.provider.test': [[PROVIDER_ADDR]] });
    expect(await fetchAll(providerUrl('rec.provider.test', '/ok'), options(dns.resolve))).toEqual({ ok: true, bytes: 4096 });
    expect(dns.calls).toEqual(['rec.provider.test']);
  });

  it('DNS rebinding: the answer turns to loopback on the next query — the next connection is refused', async () => {
    internalHits = 0;
    // Query 1: the provider; every later query: the internal service's address.
    const dns = dnsStub({ 'rec.provider.test': [[PROVIDER_ADDR], ['127.0.0.1']] });
    // A redirect to the same name forces a second connection, hence a second query.
    const to = encodeURIComponent(`http://rec.provider.test:${internalPort}/secret`);
    const r = await fetchAll(providerUrl('rec.provider.test', `/redirect?to=${to}`), options(dns.resolve));
    expect(r).toEqual({ ok: false, code: 'download_forbidden_address' });
    expect(dns.calls).toEqual(['rec.provider.test', 'rec.provider.test']);
    expect(internalHits).toBe(0);
  });

  it.each([
    ['loopback first', [['127.0.0.1'], [PROVIDER_ADDR]]],
    ['a public and a private address in one answer', [[PROVIDER_ADDR, '10.0.0.7']]],
    ['IPv6 loopback', [['::1']]],
    ['IPv4-mapped IPv6 loopback', [['::ffff:127.0.0.1']]],
    ['IPv4-mapped, hex spelling', [['::ffff:7f00:1']]],
    ['the metadata service', [['169.254.169.254']]],
    ['not an address at all (decimal)', [['2130706433']]],
    ['0.0.0.0', [['0.0.0.0']]],
  ])('refuses a name that resolves to %s', async (_label, seq) => {
    internalHits = 0;
    const dns = dnsStub({ 'rec.provider.test': seq });
    expect(await fetchAll(`http://rec.provider.test:${internalPort}/secret`, options(dns.resolve))).toEqual({ ok: false, code: 'download_forbidden_address' });
    expect(internalHits).toBe(0);
  });

  it.each([
    internalUrl('127.0.0.1'),
    internalUrl('localhost'),
    internalUrl('2130706433'),
    internalUrl('0x7f000001'),
    internalUrl('017700000001'),
    internalUrl('127.1'),
    internalUrl('[::1]'),
    internalUrl('[::ffff:127.0.0.1]'),
  ])('follows no redirect to %s', async (target) => {
    internalHits = 0;
    const dns = dnsStub({ 'rec.provider.test': [[PROVIDER_ADDR]] });
    const r = await fetchAll(providerUrl('rec.provider.test', `/redirect?to=${encodeURIComponent(target)}`), options(dns.resolve));
    expect(r).toEqual({ ok: false, code: 'download_forbidden_address' });
    expect(internalHits).toBe(0);
  });

  it.each(['127.0.0.1', '2130706433', '0x7f.0.0.1', '0177.0.0.1', '[::ffff:7f00:1]'])('refuses the IP-literal URL host %s without connecting', async (host) => {
    internalHits = 0;
    const dns = dnsStub({});
    expect(await fetchAll(internalUrl(host), options(dns.resolve))).toEqual({ ok: false, code: 'download_forbidden_address' });
    expect(dns.calls).toEqual([]);
    expect(internalHits).toBe(0);
  });

  it('with the explicit private-network opt-in, loopback is reachable (dev and tests)', async () => {
    internalHits = 0;
    const dns = dnsStub({});
    expect(await fetchAll(internalUrl('127.0.0.1'), options(dns.resolve, { allowPrivateNetworks: true, trustedAddresses: [] }))).toEqual({ ok: true, bytes: 1024 });
    expect(internalHits).toBe(1);
  });
});

describe('recording downloads: size and time', () => {
  const dns = () => dnsStub({ 'rec.provider.test': [[PROVIDER_ADDR]] });

  it('stops an oversized body without Content-Length at the cap', async () => {
    const r = await fetchAll(providerUrl('rec.provider.test', '/big'), options(dns().resolve));
    expect(r).toMatchObject({ ok: false, code: 'download_too_large' });
    // Counted while streaming: at most one chunk past the cap was read before the transfer stopped.
    expect((r as { bytesRead: number }).bytesRead).toBeLessThanOrEqual(CAP + 64 * 1024);
  });

  it('refuses a declared Content-Length over the cap before reading the body', async () => {
    expect(await fetchAll(providerUrl('rec.provider.test', '/declared-huge'), options(dns().resolve))).toEqual({ ok: false, code: 'download_too_large' });
  });

  it('times out a slow body (the timeout covers the whole transfer, not only the headers)', async () => {
    const t0 = performance.now();
    const r = await fetchAll(providerUrl('rec.provider.test', '/slow'), options(dns().resolve, { downloadTimeoutMs: 500 }));
    expect(r).toMatchObject({ ok: false, code: 'download_timeout' });
    // Generous: it ends because of the timeout, not because the body ended (it never does).
    expect(performance.now() - t0).toBeLessThan(10_000);
  });
});
