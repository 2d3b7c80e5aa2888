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

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
