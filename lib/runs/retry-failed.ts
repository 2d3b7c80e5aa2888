// "Retry failed", for every kind of run: a new preview of the run's failed tenants, with the same
// kind and options and the target as it is now, so the person sees what would be written now
// before anything is.
import type { PrismaClient } from "../db/generated/client";
import type { RemediationAction } from "../remediation";
import { RunRefusal } from "./errors";
import { RUN_KINDS, type Requester, type RunKind } from "./kinds";
import { runOptions } from "./options";
import type { RunQueue } from "./queue";
import { startPreview } from "./start-preview";
import { isEnded } from "./status";
import { currentTarget } from "./target";

export async function retryFailedTenants(input: {
  prisma: PrismaClient;
  queue?: RunQueue;
  runId: string;
  requestedBy: Requester;
  partnerTenantId: string | undefined;
}): Promise<string> {
  const { prisma } = input;
  const run = await prisma.remediationRun.findUnique({
    where: { id: input.runId.toLowerCase() },
    include: { tenants: { where: { status: "failed" }, select: { tenantId: true } } },
  });
  if (!run) throw new RunRefusal("not-found", "No such run.");
  if (!isEnded(run.status)) throw new RunRefusal("conflict", "The run has not ended yet; retry its failed tenants once it has.");
  if (run.tenants.length === 0) throw new RunRefusal("conflict", "No tenant failed in this run, so there is nothing to retry.");
  const kind = (RUN_KINDS as readonly string[]).includes(run.kind) ? (run.kind as RunKind) : "bulk-fix";
  const options = runOptions.safeParse(run.options);
  if (!options.success) throw new RunRefusal("conflict", "This run was made before runs kept their options; start a new preview of these tenants.");
  return startPreview({
    prisma,
    queue: input.queue,
    kind,
    target: await currentTarget(prisma, input.partnerTenantId, run.action as RemediationAction),
    options: options.data,
    requestedBy: input.requestedBy,
    retryOfId: run.id,
    tenantIds: run.tenants.map((t) => t.tenantId),
    partnerTenantId: input.partnerTenantId,
  });
}
