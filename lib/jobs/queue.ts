// pg-boss on the portal's own Postgres: jobs survive restarts, and any number of worker processes
// on any machine that reaches the database share the queues.
import { PgBoss } from "pg-boss";
import { log } from "../log";

export const QUEUE_SCHEMA = "pgboss";

/** Queues every worker knows. */
export const QUEUES = {
  heartbeat: "portal.heartbeat",
  /** Read the customer list from GDAP, then queue one tenant.sync per customer. */
  syncAll: "tenants.sync-all",
  /** Read one tenant's policies into snapshots. */
  syncTenant: "tenant.sync",
  /** Read and plan one tenant of a run that is being previewed (lib/runs/preview-job.ts). */
  runPreviewTenant: "run.preview-tenant",
  /** Apply one tenant of a confirmed run through the remediation engine (lib/runs/tenant-job.ts). */
  runTenant: "run.tenant",
  /** Read one tenant's policies for a guard sweep (lib/guard/sweep.ts). */
  guardSweepTenant: "guard.sweep-tenant",
  /** Ask Graph's What If for one tenant of a fleet-wide proof of access (lib/proof/fleet-check.ts). */
  proofTenant: "proof.tenant",
} as const;

export type BossRole = "web" | "worker";

export function createBoss(databaseUrl: string, role: BossRole): PgBoss {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: QUEUE_SCHEMA,
    max: role === "worker" ? 10 : 3,
    instanceName: role,
    // Short heartbeats so the status page notices a dead worker within seconds, not minutes.
    instanceHeartbeatSeconds: 5,
    // Only workers install/upgrade the queue schema and run maintenance; the web process just sends.
    migrate: role === "worker",
    supervise: role === "worker",
    schedule: role === "worker",
  });
  boss.on("error", (err) => log().error({ err, role }, "job queue error"));
  return boss;
}

export async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const name of Object.values(QUEUES)) {
    if (!(await boss.getQueue(name))) await boss.createQueue(name);
  }
}
