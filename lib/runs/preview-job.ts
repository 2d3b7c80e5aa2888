// The `run.preview-tenant` job: read and plan one tenant of a run that is `previewing`, store its
// engine-level preview (or why the tenant could not be read), and mark the run `previewed` when it
// was the last tenant.
import type { Prisma } from "../db/generated/client";
import { fixTarget, previewTenant } from "../remediation";
import { previewCounts } from "./counts";
import type { RunWorkerDeps } from "./deps";
import { isTransient, problemOf } from "./failures";
import { gdapRefusal, tenantFactsOf } from "./gdap-gate";
import { dbNow, withHeartbeat } from "./heartbeat";
import { preferredAccess } from "./open-tenant";
import { leftOutMessage, READ_ONLY_GDAP, readOnlyGdap } from "./read-only-gdap";
import { runOptions } from "./options";
import { RUN_QUEUES, tenantJob } from "./queue";
import { targetProblem } from "./target";
import { timing } from "./timing";

export type PreviewTenantOutcome = "previewed" | "unreachable" | "retrying" | "not-mine";

export async function runPreviewTenant(deps: RunWorkerDeps, data: unknown): Promise<PreviewTenantOutcome> {
  const job = tenantJob.parse(data);
  const { prisma } = deps;
  const t = timing(deps.timing);
  const now = await dbNow(prisma); // heartbeats are the database's time (heartbeat.ts)
  // Claim: only a row being read that no live job owns (a re-delivered or re-sent job finds it taken or done).
  const claimed = await prisma.runTenant.updateMany({
    where: {
      ...job,
      status: "reading",
      run: { status: "previewing" },
      OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: new Date(now.getTime() - t.staleMs) } }],
    },
    data: { readAttempts: { increment: 1 }, heartbeatAt: now },
  });
  if (claimed.count === 0) return "not-mine";
  const row = await prisma.runTenant.findUniqueOrThrow({ where: { runId_tenantId: job }, include: { run: { select: { target: true, options: true } } } });
  const mine = { ...job, status: "reading" as const, readAttempts: row.readAttempts };
  const unreachable = async (problem: string, message: string): Promise<PreviewTenantOutcome> => {
    await prisma.runTenant.updateMany({ where: mine, data: { status: "unreachable", problem, message, heartbeatAt: null } });
    return "unreachable";
  };

  const outcome = await withHeartbeat(
    prisma,
    t.heartbeatMs,
    { kind: "read", ...job, attempt: row.readAttempts },
    async (): Promise<PreviewTenantOutcome> => {
      if (row.readAttempts > t.maxClaims) {
        return unreachable(
          "unknown",
          `Not read after ${t.maxClaims} attempts: the workers reading this tenant kept stopping before they finished (see the worker logs).`,
        );
      }
      const target = fixTarget.parse(row.run.target);
      const stale = await targetProblem(prisma, deps.partnerTenantId, target);
      if (stale) return unreachable("unknown", stale);
      // Read once: judged again below with how the tenant was opened.
      const facts = await tenantFactsOf(prisma, deps.partnerTenantId, job.tenantId);
      const gdapEnded = gdapRefusal(facts.gdap);
      if (gdapEnded) return unreachable("gdap-inactive", gdapEnded);
      try {
        const options = runOptions.parse(row.run.options);
        const graph = await deps.openTenant(job.tenantId, preferredAccess(facts.accessHealth));
        const gdapEndedNow = gdapRefusal(facts.gdap, graph);
        if (gdapEndedNow) return unreachable("gdap-inactive", gdapEndedNow);
        const preview = await previewTenant({ graph, target, scope: options.scope });
        // Read and planned like any tenant (the person sees what it would need), but left out of the
        // run when its GDAP roles cannot write: confirmRun queues nothing for it (read-only-gdap.ts).
        const readOnly = readOnlyGdap(facts.gdap, graph);
        await prisma.runTenant.updateMany({
          where: mine,
          data: {
            status: "previewed",
            preview: preview as unknown as Prisma.InputJsonValue,
            problem: readOnly === null ? null : READ_ONLY_GDAP,
            message: readOnly === null ? null : leftOutMessage(readOnly),
            ...previewCounts(preview.policies),
            heartbeatAt: null,
          },
        });
        return "previewed";
      } catch (error) {
        const { problem, message } = problemOf(error, deps.warn, job);
        if (isTransient(error) && row.readAttempts < t.maxAttempts) {
          // Released (heartbeatAt null) so the delayed job can claim it; the reason shows meanwhile.
          await prisma.runTenant.updateMany({
            where: mine,
            data: { heartbeatAt: null, queuedAt: await dbNow(prisma), problem, message: `Trying again: ${message}` },
          });
          await deps.queue.send(RUN_QUEUES.previewTenant, [{ data: job, startAfterMs: t.retryDelayMs }]);
          return "retrying";
        }
        return unreachable(problem, message);
      }
    },
    (error) => deps.warn({ err: error, ...job }, "preview heartbeat failed"),
  );
  if (outcome !== "retrying") await completePreviewIfDone(prisma, job.runId);
  return outcome;
}

/**
 * Marks the run previewed once no tenant is being read. Each job commits its own row first, so of
 * two jobs finishing together the later one sees both; both seeing it is harmless (conditional update).
 */
export async function completePreviewIfDone(prisma: RunWorkerDeps["prisma"], runId: string): Promise<boolean> {
  const { count } = await prisma.remediationRun.updateMany({
    where: { id: runId, status: "previewing", tenants: { none: { status: "reading" } } },
    data: { status: "previewed" },
  });
  return count === 1;
}
