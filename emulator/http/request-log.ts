// In-memory log of every Graph request (bounded ring), so tests can assert the exact bodies the
// portal sent (e.g. that a fix PATCHed only conditions.users.excludeGuestsOrExternalUsers).

export interface RequestLogEntry {
  seq: number;
  timestamp: string;
  requestId: string;
  /** The caller's client-request-id (or the one the local cloud made up and echoed): tells callers apart. */
  clientRequestId: string;
  apiVersion: "v1.0" | "beta";
  method: string;
  path: string; // relative to the version, e.g. /identity/conditionalAccess/policies/{id}
  query: string; // raw query string without "?"
  tenantId: string | null;
  appId: string | null;
  caller: string | null; // user id + upn for delegated calls, "app" for app-only, null if unauthenticated
  status: number;
  requestBody: unknown;
  batchRequestId?: string; // for items of a $batch: the request id of the outer POST /$batch
  batchItemId?: string;
}

export interface RequestLogFilter {
  tenantId?: string;
  method?: string;
  pathPrefix?: string;
  since?: string; // ISO timestamp (inclusive)
  sinceSeq?: number; // entries with seq > sinceSeq
}

export class RequestLog {
  private readonly ring: (RequestLogEntry | undefined)[];
  private next = 0;
  private seq = 0;

  constructor(readonly capacity = 50_000) {
    this.ring = new Array(capacity);
  }

  add(entry: Omit<RequestLogEntry, "seq">): RequestLogEntry {
    const full = { seq: ++this.seq, ...entry };
    this.ring[this.next] = full;
    this.next = (this.next + 1) % this.capacity;
    return full;
  }

  /** The sequence number of the latest entry (0 before any): read it, then list({ sinceSeq }) for what follows. */
  lastSeq(): number {
    return this.seq;
  }

  clear() {
    this.ring.fill(undefined);
    this.next = 0;
  }

  /** Oldest first. */
  list(filter: RequestLogFilter = {}): RequestLogEntry[] {
    const out: RequestLogEntry[] = [];
    const prefix = filter.pathPrefix?.toLowerCase();
    const method = filter.method?.toUpperCase();
    const since = filter.since ? Date.parse(filter.since) : undefined;
    for (let i = 0; i < this.capacity; i++) {
      const e = this.ring[(this.next + i) % this.capacity];
      if (!e) continue;
      if (filter.tenantId && e.tenantId !== filter.tenantId) continue;
      if (method && e.method !== method) continue;
      if (prefix && !e.path.toLowerCase().startsWith(prefix)) continue;
      if (since !== undefined && Date.parse(e.timestamp) < since) continue;
      if (filter.sinceSeq !== undefined && e.seq <= filter.sinceSeq) continue;
      out.push(e);
    }
    return out;
  }
}
