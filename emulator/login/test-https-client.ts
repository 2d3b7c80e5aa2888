// HTTPS helpers for in-process tests that trust the test CA without touching process-wide TLS
// settings (undici is not a dependency, so msal's fetch cannot be given a CA in-process). The
// msal network client behaves like msal-node's own fetch client: lower-case headers, JSON bodies.
// The production path (global fetch + NODE_EXTRA_CA_CERTS) is covered by a child-process test.
import { request } from "node:https";
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export function httpsRequest(url: string, ca: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(url), { method: init.method ?? "GET", headers: init.headers, ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
        resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString("utf8") });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

/** Calls are recorded so tests can see what msal actually sent (e.g. that a token came from cache). */
export interface RecordedCall {
  method: string;
  url: string;
  body?: string;
}

export function caTrustingNetworkClient(ca: string, calls: RecordedCall[] = []): INetworkModule {
  const send = async <T>(method: string, url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    calls.push({ method, url, body: options?.body });
    const res = await httpsRequest(url, ca, { method, headers: options?.headers, body: method === "POST" ? (options?.body ?? "") : undefined });
    return { status: res.status, headers: res.headers, body: JSON.parse(res.text) as T };
  };
  return {
    sendGetRequestAsync: (url, options) => send("GET", url, options),
    sendPostRequestAsync: (url, options) => send("POST", url, options),
  };
}
