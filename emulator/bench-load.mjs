// Load generator for emulator/bench.ts (plain JS: a worker thread does not get tsx's loader), run in a worker thread so the emulator's event loop (main
// thread) is not shared with the clients: N keep-alive connections issuing GETs for a duration.
import { parentPort, workerData } from "node:worker_threads";

/** @param {{ url: string, token: string, ca: string, seconds: number, connections: number }} job */
async function run(job) {
  await fetch("data:,warm-up");
  // Node bundles undici without exporting Agent; its global dispatcher (made by the first fetch) is one.
  const Agent = globalThis[Symbol.for("undici.globalDispatcher.1")].constructor;
  const dispatcher = new Agent({ connect: { ca: job.ca }, connections: job.connections, keepAliveTimeout: 30_000 });
  const latencies = [];
  let errors = 0;
  const end = performance.now() + job.seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      const res = await fetch(job.url, { headers: { Authorization: `Bearer ${job.token}` }, dispatcher });
      await res.arrayBuffer();
      if (res.status !== 200) errors++;
      latencies.push(performance.now() - t0);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: job.connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => Number((latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0).toFixed(2));
  return { requests: latencies.length, rps: Math.round(latencies.length / elapsed), p50: pct(0.5), p99: pct(0.99), errors };
}

run(workerData).then(
  (result) => parentPort?.postMessage(result),
  (e) => parentPort?.postMessage({ error: String(e) }),
);
