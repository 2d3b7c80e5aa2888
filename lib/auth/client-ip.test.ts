import { describe, expect, it } from "vitest";
import { SOCKET_ADDRESS_HEADER, clientIpFrom, normalizeAddress, stampSocketAddress } from "./client-ip";

const headers = (h: Record<string, string>) => new Headers(h);

describe("the client's address", () => {
  it("with no trusted proxy is the socket's, whatever X-Forwarded-For says", () => {
    expect(clientIpFrom(headers({ [SOCKET_ADDRESS_HEADER]: "10.0.0.5", "x-forwarded-for": "203.0.113.7" }), 0)).toBe("10.0.0.5");
  });

  it("with n trusted proxies is the n-th X-Forwarded-For entry from the right; what the client wrote further left is ignored", () => {
    const h = headers({ [SOCKET_ADDRESS_HEADER]: "10.0.0.2", "x-forwarded-for": "1.2.3.4, 198.51.100.9, 10.0.0.1" });
    expect(clientIpFrom(h, 1)).toBe("10.0.0.1");
    expect(clientIpFrom(h, 2)).toBe("198.51.100.9");
  });

  it("falls back to the socket when the header has fewer entries than trusted proxies (the request did not come through them)", () => {
    expect(clientIpFrom(headers({ [SOCKET_ADDRESS_HEADER]: "10.0.0.2", "x-forwarded-for": "198.51.100.9" }), 2)).toBe("10.0.0.2");
    expect(clientIpFrom(headers({ [SOCKET_ADDRESS_HEADER]: "10.0.0.2" }), 1)).toBe("10.0.0.2");
  });

  it("is unknown without the server's stamp, never taken from X-Forwarded-For alone", () => {
    expect(clientIpFrom(headers({ "x-forwarded-for": "203.0.113.7" }), 0)).toBeNull();
    expect(clientIpFrom(headers({ "x-forwarded-for": "203.0.113.7" }), 1)).toBeNull();
  });

  it("the server removes a stamp the client sent and writes the socket's address", () => {
    const req = {
      headers: { [SOCKET_ADDRESS_HEADER]: "203.0.113.7" } as Record<string, string | string[] | undefined>,
      socket: { remoteAddress: "::ffff:127.0.0.1" },
    };
    stampSocketAddress(req as never);
    expect(req.headers[SOCKET_ADDRESS_HEADER]).toBe("127.0.0.1");
    const noSocket = { headers: { [SOCKET_ADDRESS_HEADER]: "203.0.113.7" } as Record<string, string | string[] | undefined>, socket: {} };
    stampSocketAddress(noSocket as never);
    expect(noSocket.headers[SOCKET_ADDRESS_HEADER]).toBeUndefined();
  });

  it("reads IPv4-mapped IPv6 as IPv4 and leaves IPv6 alone", () => {
    expect(normalizeAddress("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(normalizeAddress("2001:db8::1")).toBe("2001:db8::1");
  });
});
