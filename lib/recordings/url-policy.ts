// Which recording URLs a job may fetch. The URL comes from a signed webhook, but a leaked provider
// secret must not turn the worker into a proxy into our network (SSRF).
//
// Two checks, and no gap between them and the connection:
// - the URL itself (assertAllowedRecordingUrl): https only, no credentials, the provider host
//   allow-list, and an IP-literal host (in any spelling the URL parser accepts: decimal, octal,
//   hex, IPv4-mapped IPv6 — it canonicalises them all) must be public;
// - the name lookup the socket connects with (guardedLookup, passed as `lookup` to the HTTP
//   request): every address a name resolves to must be public, and the socket connects to exactly
//   the addresses checked. There is no separate "resolve, check, then resolve again" step a
//   changing DNS answer (rebinding) could slip between.
// Private networks (and plain http) are allowed only by the explicit opt-in
// RECORDING_ALLOW_PRIVATE_NETWORKS=1 (local dev, tests), never inferred from NODE_ENV.
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { RecordingDownloadError } from './errors';

export interface UrlPolicy {
  allowPrivateNetworks: boolean;
  allowedRecordingHosts: string[];
  /** Plain http allowed (default: only together with private networks). */
  allowHttp?: boolean;
  /**
   * Individual addresses trusted although they are in a private range, e.g. a provider mirror
   * reached over a private link. Exact addresses, not ranges. Default none.
   */
  trustedAddresses?: string[];
}

/** Name → addresses. Injectable so tests can answer like a (rebinding) DNS server. */
export type Resolver = (host: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true });

export function assertAllowedRecordingUrl(raw: string, policy: UrlPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RecordingDownloadError('url_refused', 'recording URL is not a valid URL');
  }
  const allowHttp = policy.allowHttp ?? policy.allowPrivateNetworks;
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) {
    throw new RecordingDownloadError('url_refused', `recording URL scheme ${url.protocol} is not allowed`);
  }
  if (url.username || url.password) throw new RecordingDownloadError('url_refused', 'recording URL must not carry credentials');
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (policy.allowedRecordingHosts.length > 0 && !hostAllowed(host, policy.allowedRecordingHosts)) {
    throw new RecordingDownloadError('url_refused', `recording host ${host} is not on the allowlist`);
  }
  // An IP-literal host is connected to without a lookup, so it is checked here.
  if (isIP(host) && addressForbidden(host, policy)) {
    throw new RecordingDownloadError('forbidden_address', `recording host ${host} is not a public address`);
  }
  return url;
}

/** A `lookup` for http(s).request: resolves once, refuses if any address is not public. */
export function guardedLookup(policy: UrlPolicy, resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    const fail = (error: RecordingDownloadError) => callback(error as NodeJS.ErrnoException, '', 0);
    resolve(hostname).then(
      (addresses) => {
        const forbidden = addresses.find((a) => addressForbidden(a.address, policy));
        if (forbidden) return fail(new RecordingDownloadError('forbidden_address', `recording host ${hostname} resolves to ${forbidden.address}, not a public address`));
        const family = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = family ? addresses.filter((a) => a.family === family) : addresses;
        if (usable.length === 0) return fail(new RecordingDownloadError('network', `recording host ${hostname} does not resolve`));
        if (options.all) callback(null, usable);
        else callback(null, usable[0].address, usable[0].family);
      },
      (error: Error) => fail(new RecordingDownloadError('network', `recording host ${hostname} does not resolve: ${error.message}`)),
    );
  };
}

function addressForbidden(address: string, policy: UrlPolicy): boolean {
  if (policy.allowPrivateNetworks) return false;
  if (policy.trustedAddresses?.includes(address)) return false;
  return isPrivateAddress(address);
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
