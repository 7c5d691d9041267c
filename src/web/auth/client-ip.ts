import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/**
 * The proxies whose X-Forwarded-For we believe. Without this list the header is ignored: anyone can send it, and
 * trusting it would let an attacker pick the address the login limiter counts against (or lock every user out
 * behind a proxy whose address is then the only one seen).
 */
export function parseTrustedProxies(spec: string | undefined): BlockList | null {
  const entries = (spec ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address);
    if (!family) throw new Error(`"${entry}" is not an IP address or CIDR range`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else {
      const bits = Number(prefix);
      if (!Number.isInteger(bits) || bits < 0 || bits > (family === 6 ? 128 : 32))
        throw new Error(`"${entry}" has an invalid prefix length`);
      list.addSubnet(address, bits, type);
    }
  }
  return list;
}

const normalise = (ip: string): string => (ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip);

const isTrusted = (list: BlockList, ip: string): boolean => {
  const family = isIP(ip);
  return family !== 0 && list.check(ip, family === 6 ? 'ipv6' : 'ipv4');
};

/**
 * The client's address: the socket's peer, or — when that peer is a trusted proxy — the right-most address in
 * X-Forwarded-For that is not itself a trusted proxy (the left part of the header is whatever the client wrote).
 */
export function resolveClientIp(socketIp: string, forwardedFor: string | undefined, trusted: BlockList | null): string {
  let ip = normalise(socketIp);
  if (!trusted || !forwardedFor || !isTrusted(trusted, ip)) return ip;
  const hops = forwardedFor
    .split(',')
    .map((s) => normalise(s.trim()))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] ?? '';
    if (!isIP(hop)) return ip; // garbage in the chain: stop at the last address we could vouch for
    ip = hop;
    if (!isTrusted(trusted, hop)) return hop;
  }
  return ip;
}

export function clientIp(c: Context, trusted: BlockList | null): string {
  let socketIp = 'unknown';
  try {
    socketIp = getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket
  }
  return resolveClientIp(socketIp, c.req.header('x-forwarded-for'), trusted);
}
