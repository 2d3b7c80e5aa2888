// What the bench polls while a preview or a run goes on: the run's status every 250 ms (so its wall
// time is exact), its tenants counted at most every few seconds (for the progress line). Not the
// views a person's page reads: those carry every tenant of the fleet (at 10,000 tenants, every
// preview's items), and reading them four times a second took the CPU the worker and the local
// cloud (in the bench's own process) share. The views are read once, when the wait is over.
import type { PrismaClient } from "@/lib/db/generated/client";

export interface RunProgress {
  status: string;
  /** Tenants by status, as last counted. */
  tenants: Record<string, number>;
}

export function runProgressReader(prisma: PrismaClient, runId: string, countEveryMs = 5_000): () => Promise<RunProgress> {
  let countedAt = 0;
  let tenants: Record<string, number> = {};
  return async () => {
    const run = await prisma.remediationRun.findUnique({ where: { id: runId }, select: { status: true } });
    if (!run) throw new Error(`run ${runId} is gone`);
    if (Date.now() - countedAt >= countEveryMs) {
      const groups = await prisma.runTenant.groupBy({ by: ["status"], where: { runId }, _count: { _all: true } });
      tenants = Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
      countedAt = Date.now();
    }
    return { status: run.status, tenants };
  };
}

export const countOf = (p: RunProgress, statuses: readonly string[]) => statuses.reduce((sum, s) => sum + (p.tenants[s] ?? 0), 0);
