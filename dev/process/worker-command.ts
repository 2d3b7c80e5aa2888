// How a portal worker process is started, in one place: `npm run worker` (package.json, checked
// against this by a test), the demo launcher, the bulk benchmark and the tests that kill workers.
// - react-server: server-only modules (lib/db, lib/graph) load outside Next.js too.
// - a bounded heap: V8 otherwise lets garbage grow toward gigabytes before collecting, and a
//   worker running hundreds of tenants at once keeps well under 100 MB of live data
//   (`npm run bench:bulk` keeps its peak resident memory in the README).
export const WORKER_HEAP_MB = 192;

export const WORKER_NODE_ARGS = ["--conditions=react-server", `--max-old-space-size=${WORKER_HEAP_MB}`, "--import", "tsx", "scripts/worker.ts"] as const;

/** The portal's production server (scripts/serve.ts; `npm start`, checked against this by a test). */
export const PORTAL_NODE_ARGS = ["--import", "tsx", "scripts/serve.ts"] as const;
