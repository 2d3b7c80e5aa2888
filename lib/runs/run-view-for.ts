// A run as one person may see it: nothing when it is outside their tenant scope (the answer is the
// same as for an unknown run), else the run's view and whether they may approve it.
import type { TenantScope } from "../auth/scope";
import type { PrismaClient } from "../db/generated/client";
import { approverProblem } from "./approval";
import { runView } from "./run-view";
import { runTouches, runVisible } from "./scope";
import type { RunView } from "./views";

export async function runViewFor(prisma: PrismaClient, runId: string, who: { userId: string; role: string }, scope: TenantScope): Promise<RunView | null> {
  if (!(await runVisible(prisma, runId, scope))) return null;
  const [view, run, touched] = await Promise.all([
    runView(prisma, runId),
    prisma.remediationRun.findUnique({ where: { id: runId.toLowerCase() }, select: { status: true, requestedById: true } }),
    runTouches(prisma, runId),
  ]);
  if (!view || !run || !touched) return null;
  const whyNot = approverProblem(who, scope, { ...run, touched });
  return { ...view, viewer: { mayApprove: whyNot === null, whyNot } };
}
