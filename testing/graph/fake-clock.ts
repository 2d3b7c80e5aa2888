// A manual clock for lib/graph's pacing tests: sleeps resolve when time is advanced past them, in
// time order, letting awaiting code run between steps.
import type { Clock } from "@/lib/graph/pacer";

export class FakeClock implements Clock {
  private t = 1_000;
  private sleepers: { until: number; resolve: () => void; seq: number }[] = [];
  private seq = 0;

  now() {
    return this.t;
  }

  sleep(ms: number) {
    return new Promise<void>((resolve) => this.sleepers.push({ until: this.t + ms, resolve, seq: this.seq++ }));
  }

  /** Advance to the next sleeper (or by `max`), letting awaiting code run between steps. */
  async runUntilIdle(maxMs = 1_000_000) {
    const end = this.t + maxMs;
    for (;;) {
      await flush();
      this.sleepers.sort((a, b) => a.until - b.until || a.seq - b.seq);
      const next = this.sleepers[0];
      if (!next || next.until > end) break;
      this.sleepers.shift();
      this.t = Math.max(this.t, next.until);
      next.resolve();
    }
    await flush();
  }
}

/** Lets pending promise callbacks run. */
export async function flush() {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}
