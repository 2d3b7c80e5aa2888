// The benchmark's own stack: a scratch database (on DATABASE_URL's server, or an embedded Postgres
// in a temporary folder), the local cloud in this process (so its request log is at hand), the
// automation account connected as an admin would, a portal worker as a child process (so its
// memory is its own) and, for bench:ui, the portal itself (`npm start` over the production build).
// Everything is removed at the end.
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "@/emulator/main";
import { config, EMBEDDED_DB, embeddedDatabaseUrl } from "@/lib/config";
import { createPrismaClient } from "@/lib/db/client";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/dev/embedded-postgres";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { GraphSettings } from "@/lib/graph";
import { withoutApprovals } from "@/testing/approvals";
import { localCloudSettings } from "@/testing/local-cloud-settings";
import { connectAutomationAccount, workerEnv } from "@/testing/local-cloud-worker";
import { spawnChild, stopChild } from "@/dev/process/supervisor";
import { PORTAL_NODE_ARGS, WORKER_NODE_ARGS } from "@/dev/process/worker-command";
import { freePort } from "@/testing/free-port";
import { scratchDatabase } from "@/testing/scratch-database";

export interface BenchStack {
  em: RunningEmulator;
  prisma: PrismaClient;
  databaseUrl: string;
  settings: GraphSettings;
  /** Starts a worker child with this concurrency (and extra environment); its peak RSS is read from /proc when it stops. */
  startWorker(concurrency: number, extraEnv?: Record<string, string>): Promise<BenchWorker>;
  /** The portal's production server (`npm start`, over the build in .next/: make it first) on `portalUrl`, ready. */
  startPortal(): Promise<BenchWorker>;
  /** Where the portal is (or would be) served; the local cloud accepts sign-ins back to it. */
  portalUrl: string;
  stop(): Promise<void>;
}

export interface BenchWorker {
  pid: number;
  logPath: string;
  /** Stops it (SIGTERM) and returns its peak resident memory in bytes (VmHWM). */
  stop(): Promise<number | null>;
}

export async function startBenchStack(o: {
  tenants: number;
  policiesPerTenant: number | undefined;
  timeScale: number;
  /** The portal's port when the bench starts it (bench:ui); the other benches only name it. */
  portalPort?: number;
  say(line: string): void;
}): Promise<BenchStack> {
  const portalUrl = `http://127.0.0.1:${o.portalPort ?? 3999}`;
  const scratch = mkdtempSync(join(tmpdir(), "portal-bench-"));
  chmodSync(scratch, 0o755); // as root, the embedded Postgres runs as another user and must reach its folder
  const cleanups: (() => Promise<void>)[] = [async () => rmSync(scratch, { recursive: true, force: true })];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((err: unknown) => o.say(`clean-up: ${String(err)}`));
  };
  try {
    const databaseUrl = await benchDatabase(scratch, cleanups, o.say);
    const prisma = createPrismaClient(databaseUrl);
    cleanups.push(() => prisma.$disconnect());

    const em = await startEmulator({
      port: 0,
      browserPort: 0,
      tenants: o.tenants,
      policiesPerTenant: o.policiesPerTenant,
      timeScale: o.timeScale,
      certDir: join(scratch, "certs"),
      portalOrigins: [portalUrl],
      requestLogCapacity: 2_000_000,
    });
    cleanups.push(() => em.close());
    o.say(`local cloud ${em.url}: ${em.fleet.customers.length} customer tenants, time scale ${o.timeScale}`);

    // The bench measures the run at Graph's pace, not four eyes: a run over more than 5 tenants would
    // otherwise wait for a second admin's approval (Settings) and never start.
    await withoutApprovals(prisma);
    const settings = await localCloudSettings(em, prisma, { portalUrl, timeScale: o.timeScale });
    await connectAutomationAccount(em, settings, "bench@localhost");

    const env = (concurrency: number) => workerEnv({ em, settings, databaseUrl, concurrency });
    let workersStarted = 0;
    const child = (name: string, args: readonly string[], childEnv: NodeJS.ProcessEnv): BenchWorker => {
      // As `npm run worker` / `npm start` run it; it exits by itself should the bench die.
      const proc = spawnChild(name, [...args], { env: childEnv, logDir: join(scratch, "logs") });
      cleanups.push(() => stopChild(proc, 5000));
      return {
        pid: proc.proc.pid!,
        logPath: proc.logPath,
        async stop() {
          const peak = peakRss(proc.proc.pid!);
          await stopChild(proc);
          return peak;
        },
      };
    };
    return {
      em,
      prisma,
      databaseUrl,
      settings,
      portalUrl,
      async startWorker(concurrency, extraEnv = {}) {
        workersStarted += 1;
        return child(workersStarted === 1 ? "worker" : `worker-${workersStarted}`, WORKER_NODE_ARGS, { ...env(concurrency), ...extraEnv });
      },
      async startPortal() {
        const port = new URL(portalUrl).port;
        const portal = child("portal", PORTAL_NODE_ARGS, { ...env(1), PORT: port, HOST: "127.0.0.1", PORTAL_URL: portalUrl });
        const deadline = Date.now() + 120_000;
        while (
          (await fetch(`${portalUrl}/api/health/ready`).then(
            (r) => r.status,
            () => 0,
          )) !== 200
        ) {
          if (Date.now() > deadline) throw new Error(`the portal did not become ready within 120 s (log: ${portal.logPath})`);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        return portal;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The kernel's high-water mark of the process's resident memory. */
export function peakRss(pid: number): number | null {
  try {
    const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

/** On DATABASE_URL's server when given, else on an embedded Postgres in the scratch folder. */
async function benchDatabase(scratch: string, cleanups: (() => Promise<void>)[], say: (line: string) => void): Promise<string> {
  const given = config().embeddedDatabase ? null : config().databaseUrl;
  let serverUrl = given;
  if (!serverUrl) {
    const port = await freePort();
    const dataDir = join(scratch, "pg");
    const server: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir, port, ...EMBEDDED_DB });
    cleanups.push(() => server.stop());
    serverUrl = embeddedDatabaseUrl(port, EMBEDDED_DB.database, dataDir);
  }
  const database = await scratchDatabase(serverUrl, "bench");
  cleanups.push(() => database.drop());
  say(`scratch database ${new URL(database.url).pathname.slice(1)} on ${given ? "DATABASE_URL's server" : "an embedded Postgres"}`);
  return database.url;
}
