// Small HTTP helpers for the login face: bodies, cookies, responses. Node's http module only.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";

/** Entra refuses large token requests long before this; it only guards the emulator's memory. */
const MAX_FORM_BYTES = 64 * 1024;

export class BodyTooLargeError extends Error {}

/** True when the request came in on the TLS listener (the public, msal-facing one). */
export function isTls(req: IncomingMessage): boolean {
  return (req.socket as Partial<TLSSocket>).encrypted === true;
}

/** Reads an `application/x-www-form-urlencoded` body; any other content type reads as empty. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_FORM_BYTES) throw new BodyTooLargeError("form body too large");
    chunks.push(buf);
  }
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") return new URLSearchParams();
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export function parseCookies(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try {
      if (!out.has(name)) out.set(name, decodeURIComponent(value));
    } catch {
      // A cookie we did not write (other apps share the loopback host); ignore it.
    }
  }
  return out;
}

export interface CookieOptions {
  maxAgeSeconds?: number; // 0 deletes
  secure: boolean;
}

export function serializeCookie(name: string, value: string, opts: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (opts.secure) parts.push("Secure");
  if (opts.maxAgeSeconds !== undefined) parts.push(`Max-Age=${opts.maxAgeSeconds}`);
  return parts.join("; ");
}

/** Cookies from the HTTPS listener are `__Secure-` prefixed so the two listeners never overwrite each other's. */
export function cookieName(base: string, tls: boolean): string {
  return tls ? `__Secure-${base}` : base;
}

export function appendSetCookie(res: ServerResponse, cookie: string): void {
  const prev = res.getHeader("Set-Cookie");
  const list = Array.isArray(prev) ? prev : typeof prev === "string" ? [prev] : [];
  res.setHeader("Set-Cookie", [...list, cookie]);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  const cacheable = Object.keys(headers).some((h) => h.toLowerCase() === "cache-control");
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    ...(cacheable ? {} : { "Cache-Control": "no-store", Pragma: "no-cache" }),
    "Content-Length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string, csp: string): void {
  res.writeHead(status, {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-store",
    Pragma: "no-cache",
    "Content-Security-Policy": csp,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    // The authorize URL carries state, nonce and the code challenge; keep it out of Referer.
    "Referrer-Policy": "no-referrer",
    "Content-Length": Buffer.byteLength(html),
  });
  res.end(html);
}

export function sendRedirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { Location: location, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "Content-Length": 0 });
  res.end();
}

/** `Authorization: Basic` per RFC 6749 §2.3.1: both halves are form-urlencoded before base64. */
export function parseBasicAuth(req: IncomingMessage): { clientId: string; secret: string } | undefined {
  const header = req.headers.authorization;
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  const unform = (v: string) => decodeURIComponent(v.replace(/\+/g, " "));
  try {
    return { clientId: unform(decoded.slice(0, colon)), secret: unform(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

/** The caller's address without the IPv4-mapped prefix, for named-location matching. */
export function remoteAddress(req: IncomingMessage): string {
  const addr = req.socket.remoteAddress ?? "";
  return addr.startsWith("::ffff:") ? addr.slice(7) : addr;
}
