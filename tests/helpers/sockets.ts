// Listening sockets, read from Linux's /proc/net/tcp{,6}: which local addresses a port is bound to.
import { readFileSync } from 'node:fs';

/** 127.0.0.1 in /proc's little-endian hex; 0.0.0.0 or :: would be every interface. */
export const LOOPBACK_V4_HEX = '0100007F';

/** Local addresses of the listening TCP sockets on `port`. */
export function listeners(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const out: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== '0A') continue;
      const [addr, p] = local.split(':');
      if (p === hexPort) out.push(addr);
    }
  }
  return out;
}
