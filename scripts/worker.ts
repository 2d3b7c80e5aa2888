// `npm run worker`: one job worker process. Run as many as you like, on any machine that reaches
// the database; they share the queue.
import { configOrExit } from "../lib/config";
import { portalHandlers } from "../lib/jobs/handlers";
import { startWorker } from "../lib/jobs/worker";
import { log } from "../lib/log";

const cfg = configOrExit();
const worker = await startWorker(cfg.databaseUrl, portalHandlers);
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log().info({ signal }, "worker stopping");
  await worker.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
