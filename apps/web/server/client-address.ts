import type { Request } from 'express';

/**
 * The client's address as this server knows it: `req.ip`, which is the socket's peer, or — when the
 * app is told it runs behind one trusted proxy (`trust proxy` = 1, from KAMKOR_TRUST_PROXY=1) — the
 * right-most X-Forwarded-For entry, the one that proxy added. The entries left of it are the client's
 * own claims and are never used. IPv4 addresses arrive in IPv6 form (`::ffff:1.2.3.4`) and are unwrapped.
 */
export function clientAddress(req: Request): string {
  const ip = req.ip ?? req.socket.remoteAddress ?? '';
  return ip.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1') || 'unknown';
}
