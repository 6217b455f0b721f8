// Which recording URLs a job may fetch. The URL comes from a signed webhook, but a leaked provider
// secret must not turn the worker into a proxy into our network (SSRF): in production only https
// to public addresses, optionally only to an allowlist of provider hosts. DNS is resolved and every
// address checked; a rebinding between this check and the fetch remains possible, which is why the
// allowlist exists for deployments that need a hard guarantee.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { RecordingDownloadError } from './errors';

export interface UrlPolicy {
  allowPrivateNetworks: boolean;
  allowedRecordingHosts: string[];
}

export type Resolver = (host: string) => Promise<string[]>;

const defaultResolver: Resolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

export async function assertAllowedRecordingUrl(raw: string, policy: UrlPolicy, resolve: Resolver = defaultResolver): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RecordingDownloadError('url_refused', 'recording URL is not a valid URL');
  }
  if (url.protocol !== 'https:' && !(policy.allowPrivateNetworks && url.protocol === 'http:')) {
    throw new RecordingDownloadError('url_refused', `recording URL scheme ${url.protocol} is not allowed`);
  }
  if (url.username || url.password) throw new RecordingDownloadError('url_refused', 'recording URL must not carry credentials');
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (policy.allowedRecordingHosts.length > 0 && !hostAllowed(host, policy.allowedRecordingHosts)) {
    throw new RecordingDownloadError('url_refused', `recording host ${host} is not on the allowlist`);
  }
  if (!policy.allowPrivateNetworks) {
    const addresses = isIP(host) ? [host] : await resolve(host).catch(() => [] as string[]);
    if (addresses.length === 0) throw new RecordingDownloadError('network', `recording host ${host} does not resolve`);
    if (addresses.some(isPrivateAddress)) throw new RecordingDownloadError('url_refused', `recording host ${host} is not a public address`);
  }
  return url;
}

function hostAllowed(host: string, allowed: string[]): boolean {
  return allowed.some((a) => (a.startsWith('.') ? host.endsWith(a) || host === a.slice(1) : host === a));
}

// Non-public address ranges, checked with node:net's BlockList, which matches IPv4 rules against
// IPv4-mapped IPv6 addresses in every spelling (::ffff:7f00:1 as well as ::ffff:127.0.0.1).
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['::', 96], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['100::', 64],
  ['2001:db8::', 32], ['2002::', 16], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) PRIVATE.addSubnet(net, prefix, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family === 6) return PRIVATE.check(address, 'ipv6');
  return true; // not an address at all: refuse
}
