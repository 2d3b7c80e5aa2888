// `npm start`: the portal in production mode, after `npm run build` (the demo starts it this way too).
// Next.js's own request handler behind a plain Node HTTP server of ours, for one reason: route
// handlers and server actions see only headers, and X-Forwarded-For is whatever the client sent
// (Next.js fills it only when absent). So every request first loses any socket-address header it
// brought and gets the TCP peer's address stamped in it (lib/auth/client-ip.ts), which the audit
// log trusts together with TRUSTED_PROXY_HOPS. `next start` has no such step: do not serve the
// portal with it.
import { createServer } from "node:http";
import next from "next";
import { stampSocketAddress } from "../lib/auth/client-ip";
import { configOrExit } from "../lib/config";
import { markDraining } from "../lib/health/draining";

const cfg = configOrExit();
process.title = "portal-server";
const app = next({ dev: false, dir: process.cwd(), hostname: cfg.host, port: cfg.port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  stampSocketAddress(req);
  void handle(req, res);
});
server.listen(cfg.port, cfg.host, () => process.stdout.write(`portal listening on http://${cfg.host}:${cfg.port}\n`));

// SIGTERM drains: readiness answers 503 at once (a load balancer stops sending), no new connection is
// accepted, idle keep-alive connections close, and requests in flight get up to DRAIN_MS to finish
// (a confirmation commits its run and its jobs before it answers; a run's work is in the workers).
const DRAIN_MS = 10_000;
let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  markDraining();
  process.stdout.write(`portal stopping (${signal}): finishing requests in flight\n`);
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  const idle = setInterval(() => server.closeIdleConnections(), 200);
  idle.unref();
  setTimeout(() => {
    server.closeAllConnections();
    process.exit(0);
  }, DRAIN_MS).unref();
};
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
