// A working job proves it is alive by refreshing its row every few seconds; the recovery sweep
// re-sends the work of rows whose heartbeat stopped (lib/bulk/recovery.ts).

/** Runs `beat` every `everyMs` while `work` runs (errors of a beat are reported, not thrown). */
export async function withHeartbeat<T>(everyMs: number, beat: () => Promise<unknown>, work: () => Promise<T>, onError: (error: unknown) => void): Promise<T> {
  let beating: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    beating = beat().catch(onError);
  }, everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    await beating; // a beat still in flight must not land after the caller's final update
  }
}
