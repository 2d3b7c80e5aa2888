// The `remediation.tenant-fix` job: runs a confirmed preview through the remediation engine on a
// worker, so a fix survives the browser closing and is paced with the tenant's other Graph work.
// The run was created `queued` by the server action; this job starts it and always ends it, and
// run-level failures (the tenant cannot be opened, another fix holds it) go to the run's `error`,
// because no per-policy row exists for them.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "../db/generated/client";
import type { TenantGraph } from "../graph/tenant-graph-contract";
import { QUEUES } from "../jobs/queue";
import type { JobHandler } from "../jobs/worker";
import { applyTenantFix, endRun, RunStateError, startRun, TenantBusyError } from "../remediation";
import { tenantFixJob } from "./schemas";
import { isGraphFailure } from "./tenant-access";

export interface TenantFixDeps {
  prisma: PrismaClient;
  partnerTenantId: string | undefined;
  openTenant(tenantId: string): Promise<TenantGraph>;
  warn(detail: object, message: string): void;
}

export type TenantFixJobResult =
  | { runId: string; status: "completed"; results: Record<string, number> }
  | { runId: string; status: "failed" | "cancelled"; error: string }
  | { runId: string; status: "not-started"; error: string };

/**
 * A sentence for the run's `error`: GraphFailures and the lock already speak to the admin. Anything
 * else (a database error names hosts and queries) is logged with an id and only the id is shown.
 */
export function runErrorText(error: unknown, warn: TenantFixDeps["warn"], runId: string): string {
  if (isGraphFailure(error) || error instanceof TenantBusyError) return error.message;
  const errorId = randomUUID();
  warn({ err: error, errorId, runId }, "tenant fix stopped unexpectedly");
  return `The fix stopped unexpectedly (error id ${errorId}); see the worker log.`;
}

export async function runTenantFixJob(deps: TenantFixDeps, data: unknown): Promise<TenantFixJobResult> {
  const job = tenantFixJob.parse(data);
  const { prisma } = deps;
  try {
    await startRun(prisma, job.runId);
  } catch (error) {
    // Only a queued run may start: a run already ended (or re-delivered after a worker died
    // mid-run) must not be fixed twice. Nothing is retried; the run shows what happened.
    if (error instanceof RunStateError) {
      deps.warn({ runId: job.runId, err: error }, "tenant fix job for a run that is not queued");
      return { runId: job.runId, status: "not-started", error: error.message };
    }
    throw error;
  }
  const fail = async (status: "failed" | "cancelled", error: string): Promise<TenantFixJobResult> => {
    await endRun(prisma, job.runId, status, error);
    return { runId: job.runId, status, error };
  };
  if (!deps.partnerTenantId) return fail("failed", "PARTNER_TENANT_ID is not configured, so the MSP's exclusion cannot be planned.");

  let graph: TenantGraph;
  try {
    graph = await deps.openTenant(job.tenantId);
  } catch (error) {
    return fail("failed", runErrorText(error, deps.warn, job.runId));
  }
  try {
    const result = await applyTenantFix({
      prisma,
      graph,
      runId: job.runId,
      action: "exclude-service-provider",
      partnerTenantId: deps.partnerTenantId,
      items: job.items,
    });
    try {
      await endRun(prisma, job.runId, "completed");
    } catch (error) {
      // Ended meanwhile: the recovery sweep can take the run for a dead worker's in the moment
      // between the engine releasing the tenant lock and this update. The fix itself is done and
      // recorded per policy; failing the job now would only get it re-delivered.
      if (!(error instanceof RunStateError)) throw error;
      deps.warn({ runId: job.runId, err: error }, "tenant fix finished, but its run had already been ended");
    }
    const results: Record<string, number> = {};
    for (const item of result.items) results[item.result] = (results[item.result] ?? 0) + 1;
    return { runId: job.runId, status: "completed", results };
  } catch (error) {
    return fail(error instanceof TenantBusyError ? "cancelled" : "failed", runErrorText(error, deps.warn, job.runId));
  }
}

export function tenantFixJobHandler(deps: () => Promise<TenantFixDeps>): JobHandler {
  // A few at once: each fix paces its tenant's Graph requests and holds that tenant's lock (on the
  // process's one lock connection, lib/db/advisory-locks.ts, not a pooled one) for its whole run.
  return { queue: QUEUES.tenantFix, concurrency: 4, run: async (data) => runTenantFixJob(await deps(), data) };
}
