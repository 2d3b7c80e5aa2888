// A run for the engine's tests: the engine only needs a RemediationRun row in state `running` with
// its target (reconciliation reads it back). Runs are lib/runs' to create and end; these tests make
// the row directly, as lib/runs would have left it once its job started.
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import type { FixTarget } from "@/lib/remediation/actions";

export async function runningRun(prisma: PrismaClient, target: FixTarget, options: { kind?: string; requestedByUpn?: string } = {}): Promise<string> {
  const run = await prisma.remediationRun.create({
    data: {
      kind: options.kind ?? (target.action === "exclude-service-provider" ? "tenant-fix" : "service-account-fix"),
      action: target.action,
      status: "running",
      startedAt: new Date(),
      requestedByUpn: options.requestedByUpn ?? "operator@msp.example",
      target: target as unknown as Prisma.InputJsonValue,
      options: { scope: {}, offerNeedsReview: true },
    },
  });
  return run.id;
}
