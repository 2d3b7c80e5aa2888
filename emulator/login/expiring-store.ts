// In-memory keyed state with expiry (codes, refresh tokens, form tokens, browser sessions).
// Entra keeps this server-side too; a restart of the emulator forgets it, like a key rollover.
import { randomBytes } from "node:crypto";

export function opaqueToken(prefix: string): string {
  return `${prefix}.${randomBytes(32).toString("base64url")}`;
}

interface Entry<T> {
  value: T;
  expiresAt: number;
}

export class ExpiringStore<T> {
  private readonly entries = new Map<string, Entry<T>>();

  /** `maxEntries` bounds memory in long benchmark runs: the oldest entries go first. */
  constructor(
    private readonly now: () => number,
    private readonly maxEntries = 50_000,
  ) {}

  put(key: string, value: T, ttlMs: number): void {
    if (this.entries.size >= this.maxEntries) this.evict();
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
  }

  /** The live value, or `expired` when it existed but its time is up (Entra says so differently). */
  get(key: string): { value: T } | "expired" | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) return "expired";
    return { value: entry.value };
  }

  /** Every live value (for the control plane's changes to remembered state). */
  *values(): Generator<T> {
    const now = this.now();
    for (const entry of this.entries.values()) if (entry.expiresAt > now) yield entry.value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private evict(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    const excess = this.entries.size - Math.floor(this.maxEntries * 0.9);
    if (excess <= 0) return;
    let dropped = 0;
    for (const key of this.entries.keys()) {
      if (dropped++ >= excess) break;
      this.entries.delete(key);
    }
  }
}
