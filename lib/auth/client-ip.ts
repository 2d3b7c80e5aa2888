// Who reached the portal, for the audit log, from facts a client cannot forge.
//
// X-Forwarded-For is whatever the client sent, with each proxy in front of us appending the address
// it was reached from. Next.js only fills the header when it is absent, so its last entry is the
// client's own words whenever the client sent one. The portal's HTTP server (scripts/serve.ts, the
// one way the portal is served: `npm start` and the demo) therefore removes any SOCKET_ADDRESS_HEADER
// a request brings and stamps the TCP peer's address in it. With TRUSTED_PROXY_HOPS = 0 (the
// default) that address is the client's; with n trusted proxies in front, each appended the address
// it saw, so the n-th entry from the right is what the outermost of them saw: the client. Entries
// further left were written by the client and are never used.
import type { IncomingMessage } from "node:http";

/** Stamped by scripts/serve.ts from the socket; a value sent by the client is removed first. */
export const SOCKET_ADDRESS_HEADER = "x-portal-socket-address";

/** "::ffff:127.0.0.1" (an IPv4 peer on a dual-stack socket) reads as 127.0.0.1. */
export function normalizeAddress(address: string): string {
  const a = address.trim();
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(a) ? a.slice(7) : a;
}

/** The portal's HTTP server, before Next.js sees the request: the header says only what the socket says. */
export function stampSocketAddress(req: Pick<IncomingMessage, "headers" | "socket">): void {
  delete req.headers[SOCKET_ADDRESS_HEADER];
  const address = req.socket.remoteAddress;
  if (address) req.headers[SOCKET_ADDRESS_HEADER] = normalizeAddress(address);
}

/**
 * The client's address: the socket's with no trusted proxy, else the n-th X-Forwarded-For entry
 * from the right. Null when the portal was not started by its own server (no stamp: `next dev`), or
 * when the header holds fewer entries than trusted proxies (then it did not come through them all,
 * and the socket's address is the honest answer).
 */
export function clientIpFrom(headers: { get(name: string): string | null }, trustedHops: number): string | null {
  const socket = headers.get(SOCKET_ADDRESS_HEADER)?.trim() || null;
  if (trustedHops === 0 || socket === null) return socket;
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  const entry = hops.length >= trustedHops ? hops[hops.length - trustedHops] : undefined;
  return entry ? normalizeAddress(entry) : socket;
}
