// Which recording URLs a job may fetch. The URL comes from a signed webhook, but a leaked provider
// secret must not turn the worker into a proxy into our network (SSRF): in production only https
// to public addresses, optionally only to an allowlist of provider hosts. DNS is resolved and every
// address checked; a rebinding between this check and the fetch remains possible, which is why the
// allowlist exists for deployments that need a hard guarantee.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
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

export function isPrivateAddress(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) {
    const [a, b] = v4.split('.').map(Number);
    return (
      a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 198 && (b === 18 || b === 19)) || a >= 224
    );
  }
  const v6 = address.toLowerCase();
  return v6 === '::' || v6 === '::1' || v6.startsWith('fc') || v6.startsWith('fd') || v6.startsWith('fe80') || v6.startsWith('ff');
}
