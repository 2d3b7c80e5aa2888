// The UI bench's figures from its timings (pure): a load's p50/p95/max, and each target met or not.
import { quantile } from "../bench-guard/measure";

export interface Spread {
  p50: number;
  p95: number;
  max: number;
  n: number;
}

export function spread(ms: readonly number[]): Spread {
  return { p50: quantile(ms, 0.5), p95: quantile(ms, 0.95), max: quantile(ms, 1), n: ms.length };
}

export const msText = (ms: number) => `${Math.round(ms)} ms`;
export const spreadText = (s: Spread) => `p50 ${msText(s.p50)}, p95 ${msText(s.p95)}, max ${msText(s.max)} (${s.n} loads)`;

export function bytesText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

export const targetText = (what: string, value: number, limit: number, unit = "ms") =>
  `${what} ≤ ${limit} ${unit}: ${Math.round(value)} ${unit} ${value <= limit ? "met" : "MISSED"}`;
