// The shape every Graph handler returns, and Graph's OData error body (docs/graph-contract.md §3.3), shared by
// plain requests and $batch items.
import type { ServerResponse } from "node:http";

export const JSON_CONTENT_TYPE = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

export interface GraphResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown; // undefined = no body (204)
}

export interface ErrorContext {
  requestId: string;
  clientRequestId: string;
}

/** `2026-01-01T00:00:00` as Graph writes innerError.date (no fraction, no zone). */
function innerDate(): string {
  return new Date().toISOString().slice(0, 19);
}

export function graphError(
  status: number,
  code: string,
  message: string,
  ctx: ErrorContext,
  inner: Record<string, unknown> = {},
  headers?: Record<string, string>,
): GraphResponse {
  return {
    status,
    headers,
    body: {
      error: {
        code,
        message,
        innerError: { ...inner, date: innerDate(), "request-id": ctx.requestId, "client-request-id": ctx.clientRequestId },
      },
    },
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const all: Record<string, string> = { ...headers };
  if (payload !== undefined) {
    all["Content-Type"] ??= JSON_CONTENT_TYPE;
    all["Content-Length"] = String(Buffer.byteLength(payload));
  }
  res.writeHead(status, all);
  res.end(payload);
}
