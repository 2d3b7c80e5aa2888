// Preloaded into a real worker child (`node --import tsx --import ./testing/local-cloud/ca-request-recorder.ts
// scripts/worker.ts`) so a test can tell its Conditional Access requests from other processes' in the
// local cloud's request log: every CA request this process sends is announced on stdout as
// `CA-REQUEST <client-request-id>`. lib/graph sends through the global fetch, looked up per request.
// (A preload only: importing it elsewhere would patch that process's fetch.)
import { isConditionalAccessPath } from "@/lib/graph/pacer";

const send = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  if (isConditionalAccessPath(url)) {
    const id = new Headers(init?.headers).get("client-request-id");
    if (id) process.stdout.write(`CA-REQUEST ${id}\n`);
  }
  return send(input, init);
};
