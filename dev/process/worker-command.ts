// How a portal worker process is started, in one place: `npm run worker` (package.json, checked
// against this by a test), the demo launcher, the bulk benchmark and the tests that kill workers.
// - react-server: server-only modules (lib/db, lib/graph) load outside Next.js too.
// - a bounded heap: V8 otherwise lets garbage grow toward gigabytes before collecting, and a
//   worker running hundreds of tenants at once keeps well under 100 MB of live data
//   (`npm run bench:bulk` keeps its peak resident memory in the README).
// - a bounded young generation: V8 grew it to 128 MB under a 10,000-tenant sync (a few MB of it in
//   use), and that alone took the worker's resident memory past 400 MB; 16 MB semi-spaces cap it at
//   32 MB for somewhat more frequent, cheap, young collections.
export const WORKER_HEAP_MB = 192;
export const WORKER_SEMI_SPACE_MB = 16;

export const WORKER_NODE_ARGS = [
  "--conditions=react-server",
  `--max-old-space-size=${WORKER_HEAP_MB}`,
  `--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`,
  "--import",
  "tsx",
  "scripts/worker.ts",
] as const;

/** The portal's production server (scripts/serve.ts; `npm start`, checked against this by a test). */
export const PORTAL_NODE_ARGS = ["--import", "tsx", "scripts/serve.ts"] as const;
