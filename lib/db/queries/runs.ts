// A remediation run as the preview dialog polls it: its status and each policy's outcome so far.
import "server-only";
import type { PrismaClient } from "../generated/client";

export interface RunChangeView {
  id: string;
  policyId: string | null;
  policyName: string;
  result: string;
  reason: string;
  error: string | null;
  graphStatus: number | null;
}

export interface RunView {
  id: string;
  kind: string;
  status: string;
  error: string | null;
  requestedBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Ended runs never move again (lib/remediation/runs.ts). */
  ended: boolean;
  changes: RunChangeView[];
}

export async function getRun(prisma: PrismaClient, runId: string): Promise<RunView | null> {
  const run = await prisma.remediationRun.findUnique({
    where: { id: runId },
    include: {
      changes: {
        orderBy: { createdAt: "asc" },
        select: { id: true, policyId: true, policyName: true, result: true, reason: true, error: true, graphStatus: true },
      },
    },
  });
  if (!run) return null;
  return {
    id: run.id,
    kind: run.kind,
    status: run.status,
    error: run.error,
    requestedBy: run.requestedByUpn,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    ended: ["completed", "failed", "cancelled"].includes(run.status),
    changes: run.changes,
  };
}
