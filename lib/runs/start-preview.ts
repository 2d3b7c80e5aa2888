// A run begins as its preview. Two ways to make one:
// - recordPreview: the web process has just read one tenant (a policy's button, "Fix all", the
//   partner page) and stores that preview; the run is created `previewed`.
// - startPreview: many tenants (the bulk wizard, "retry failed"), read as one job per tenant,
//   biggest first so the slowest reads start earliest; the run is `previewing` until every tenant
//   is read or found unreachable.
import type { Prisma, PrismaClient } from "../db/generated/client";
import { inChunks } from "../db/in-chunks";
import type { FixTarget, TenantPreview } from "../remediation";
import { previewCounts } from "./counts";
import { RunRefusal } from "./errors";
import type { Requester, RunKind } from "./kinds";
import type { RunOptions } from "./options";
import { queueFor, RUN_QUEUES, type RunQueue } from "./queue";
import { leftOutMessage, READ_ONLY_GDAP } from "./read-only-gdap";

export interface NewRun {
  kind: RunKind;
  target: FixTarget;
  options: RunOptions;
  requestedBy: Requester;
  /** "Retry failed": the run whose failed tenants this one previews again. */
  retryOfId?: string;
  /** A rollback: the run it undoes. */
  undoesRunId?: string;
}

const json = (value: unknown) => value as Prisma.InputJsonValue;

function runData(input: NewRun) {
  return {
    kind: input.kind,
    action: input.target.action,
    target: json(input.target),
    options: json(input.options),
    requestedById: input.requestedBy.id,
    requestedByUpn: input.requestedBy.upn,
    requestedBySystem: input.requestedBy.system ?? null,
    retryOfId: input.retryOfId ?? null,
    undoesRunId: input.undoesRunId ?? null,
  };
}

/** Stores a preview just made of one tenant: a run in state `previewed`. Returns its id. */
/** `readOnlyGdap`: why the tenant's GDAP roles cannot write (read-only-gdap.ts); the preview is marked and confirming sends nothing. */
export async function recordPreview(prisma: PrismaClient, input: NewRun & { preview: TenantPreview; readOnlyGdap?: string | null }): Promise<string> {
  const counts = previewCounts(input.preview.policies);
  const mark = input.readOnlyGdap ? { problem: READ_ONLY_GDAP, message: leftOutMessage(input.readOnlyGdap) } : {};
  return prisma.$transaction(async (tx) => {
    const run = await tx.remediationRun.create({ data: { ...runData(input), status: "previewed" } });
    await tx.runTenant.create({
      data: {
        runId: run.id,
        tenantId: input.preview.tenantId.toLowerCase(),
        status: "previewed",
        preview: json(input.preview),
        ...counts,
        ...mark,
        readAttempts: 1,
      },
    });
    return run.id;
  });
}

/** Starts reading many tenants, one job each. Refuses tenants the portal does not know. */
export async function startPreview(
  input: NewRun & { prisma: PrismaClient; queue?: RunQueue; tenantIds: readonly string[]; partnerTenantId?: string },
): Promise<string> {
  const { prisma } = input;
  const ids = [...new Set(input.tenantIds.map((id) => id.toLowerCase()))];
  if (ids.length === 0) throw new RunRefusal("invalid", "Select at least one tenant.");
  // The partner tenant is no customer: it is read only for its own (service-account) actions.
  const partner = input.target.action === "exclude-service-provider" ? null : input.partnerTenantId?.toLowerCase();
  const customers = await prisma.customerTenant.findMany({ where: { id: { in: ids } }, select: { id: true, policyCount: true } });
  const known = [...customers, ...(partner && ids.includes(partner) ? [{ id: partner, policyCount: null }] : [])];
  if (known.length !== ids.length) {
    const found = new Set(known.map((t) => t.id));
    const unknown = ids.filter((id) => !found.has(id));
    throw new RunRefusal(
      "not-found",
      `${unknown.length} selected tenant(s) are not customer tenants of this portal: ${unknown.slice(0, 5).join(", ")}${unknown.length > 5 ? "…" : ""}.`,
    );
  }
  const now = new Date();
  const runId = await prisma.$transaction(async (tx) => {
    const run = await tx.remediationRun.create({ data: { ...runData(input), status: "previewing" } });
    await inChunks(ids, (chunk) =>
      tx.runTenant.createMany({ data: chunk.map((tenantId) => ({ runId: run.id, tenantId, status: "reading" as const, queuedAt: now })) }),
    );
    return run.id;
  });
  // Sent after the commit so a job never finds no row; if sending fails, the recovery sweep sends
  // the jobs of rows that have none.
  await (input.queue ?? (await queueFor(prisma))).send(
    RUN_QUEUES.previewTenant,
    known.map((t) => ({ data: { runId, tenantId: t.id }, priority: t.policyCount ?? 0 })),
  );
  return runId;
}
