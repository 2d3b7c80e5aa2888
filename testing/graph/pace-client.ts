// A process that sends "Conditional Access requests" to one tenant through lib/graph's real pace
// (its Pacer, then the shared pace on Postgres), for lib/graph/shared-pace.int.test.ts. No Graph:
// a request is a short random wait; what matters is when each was sent and answered.
//
//   node --import tsx testing/graph/pace-client.ts run  <databaseUrl> <tenant> <ratePerSecond> <count> <name>
//     prints one JSON line per request: { name, send, answer } (ms since the epoch, sub-ms precise), then DONE
//   node --import tsx testing/graph/pace-client.ts hold <databaseUrl> <tenant> <ratePerSecond>
//     takes the tenant's turn, prints HOLDING and never answers (the test SIGKILLs it)
import { Pacer } from "@/lib/graph/pacer";
import { PostgresPaceStore } from "@/lib/graph/postgres-pace-store";
import { acrossProcesses, SharedPace } from "@/lib/graph/shared-pace";

const [mode, databaseUrl, tenant, rate, count, name] = process.argv.slice(2);
if (!databaseUrl || !tenant || !rate || (mode !== "run" && mode !== "hold")) {
  process.stderr.write("usage: pace-client.ts run|hold <databaseUrl> <tenant> <ratePerSecond> [count name]\n");
  process.exit(2);
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const log = {
  warn: (detail: { err?: unknown }, message: string) => say(`WARN ${message} (${String(detail.err)})`),
  info: (message: string) => say(`INFO ${message}`),
};
const shared = new SharedPace(new PostgresPaceStore(databaseUrl), { log: log as never });
const pace = acrossProcesses(new Pacer(Number(rate)), shared, tenant);
/** The machine's clock with performance.now()'s precision, comparable across processes. */
const wallClock = () => performance.timeOrigin + performance.now();

if (mode === "hold") {
  await pace.acquire();
  say("HOLDING");
  setInterval(() => undefined, 1 << 30);
} else {
  // All at once, as a worker's jobs would: the Pacer queues them, the shared pace spaces them.
  await Promise.all(
    Array.from({ length: Number(count) }, async () => {
      const release = await pace.acquire();
      const send = wallClock();
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5)); // the round trip
      say(JSON.stringify({ name, send, answer: wallClock() }));
      release();
    }),
  );
  await shared.close();
  say("DONE");
}
