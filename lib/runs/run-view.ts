// A confirmed run as the browser follows it (views.ts), and its CSV export: the same view for every
// kind of run (a policy's button, "Fix all", the bulk wizard, the partner page).
import { withNames } from "../ca";
import type { PrismaClient } from "../db/generated/client";
import { describeOptionsByTenant } from "../names/store";
import { readPortalSettings } from "../db/queries/portal-settings";
import { BETA_RETRY_NOTE } from "../remediation";
import { approvalExpiresAt, approvalOpensAt } from "./approval";
import { toCsv } from "./csv";
import { estimateSecondsLeft, secondsBetween } from "./eta";
import { READ_ONLY_GDAP } from "./read-only-gdap";
import { isEnded, runHead, RUN_TENANT_STATUSES } from "./status";
import { namedTenantViews, tenantNames } from "./tenant-names";
import type { RunApprovalView, RunChangeView, RunTenantProgressStatus, RunTenantView, RunView } from "./views";

async function approvalView(
  prisma: PrismaClient,
  run: {
    approvalReason: string | null;
    approvalRequestedAt: Date | null;
    approvalDecision: string | null;
    approvalDecidedAt: Date | null;
    approvedByUpn: string | null;
    approvalNote: string | null;
  },
): Promise<RunApprovalView | null> {
  if (run.approvalReason === null || run.approvalRequestedAt === null) return null;
  const rules = (await readPortalSettings(prisma)).approval;
  const decision =
    run.approvalDecision === "approved" || run.approvalDecision === "rejected" || run.approvalDecision === "expired" ? run.approvalDecision : null;
  return {
    reason: run.approvalReason,
    requestedAt: run.approvalRequestedAt.toISOString(),
    expiresAt: approvalExpiresAt(rules, run.approvalRequestedAt).toISOString(),
    opensAt: approvalOpensAt(rules, run.approvalRequestedAt).toISOString(),
    decision,
    decidedAt: run.approvalDecidedAt?.toISOString() ?? null,
    decidedBy: run.approvedByUpn,
    note: run.approvalNote,
  };
}

/**
 * A tenant's columns the views need: never its stored preview (whole policies), which the pages
 * poll every second and a thousand tenants would make tens of megabytes of.
 */
const TENANT_PROGRESS = {
  tenantId: true,
  status: true,
  applied: true,
  skipped: true,
  failed: true,
  pending: true,
  error: true,
  startedAt: true,
  finishedAt: true,
} as const;

/** Runs of at most this many tenants carry every history row in their view (bigger ones: the CSV). */
const CHANGES_UP_TO_TENANTS = 1;

export async function runView(prisma: PrismaClient, runId: string, now: Date = new Date()): Promise<RunView | null> {
  const run = await prisma.remediationRun.findUnique({
    where: { id: runId.toLowerCase() },
    include: { tenants: { where: { status: { in: [...RUN_TENANT_STATUSES] } }, select: TENANT_PROGRESS } },
  });
  if (!run) return null;
  const tenants: RunTenantView[] = await namedTenantViews(prisma, run.tenants, (t, displayName) => ({
    tenantId: t.tenantId,
    displayName,
    status: t.status,
    applied: t.applied,
    skipped: t.skipped,
    failed: t.failed,
    pending: t.pending,
    error: t.error,
    startedAt: t.startedAt?.toISOString() ?? null,
    finishedAt: t.finishedAt?.toISOString() ?? null,
  }));
  const leftOutRows = await prisma.runTenant.findMany({
    where: { runId: run.id, status: "unchanged", problem: READ_ONLY_GDAP },
    select: { tenantId: true, error: true },
  });
  const leftOut = await namedTenantViews(prisma, leftOutRows, (t, displayName) => ({
    tenantId: t.tenantId,
    displayName,
    reason: t.error ?? "Read-only GDAP.",
  }));
  const tenantsByStatus = Object.fromEntries(RUN_TENANT_STATUSES.map((s) => [s, 0])) as Record<RunTenantProgressStatus, number>;
  const policies = { applied: 0, skipped: 0, failed: 0, pending: 0 };
  for (const t of tenants) {
    tenantsByStatus[t.status as RunTenantProgressStatus] += 1;
    policies.applied += t.applied;
    policies.skipped += t.skipped;
    policies.failed += t.failed;
    policies.pending += t.pending;
  }
  const ended = isEnded(run.status);
  const done = tenantsByStatus.succeeded + tenantsByStatus.failed + tenantsByStatus.cancelled;
  const elapsedSeconds = secondsBetween(run.startedAt ?? run.confirmedAt ?? run.createdAt, run.finishedAt ?? now);
  return {
    ...runHead(run),

    ticket: run.ticket,
    createdAt: run.createdAt.toISOString(),
    confirmedAt: run.confirmedAt?.toISOString() ?? null,
    confirmedBy: run.confirmedByUpn,
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    cancelRequestedAt: run.cancelRequestedAt?.toISOString() ?? null,
    cancelRequestedBy: run.cancelRequestedByUpn,
    ended,
    progress: { done, total: tenants.length },
    tenantsByStatus,
    policies,
    elapsedSeconds,
    estimatedSecondsLeft: estimateSecondsLeft({ elapsedSeconds, finished: done, total: tenants.length, ended }),
    tenants,
    leftOut,
    summary: run.error,
    retryOfId: run.retryOfId,
    undoesRunId: run.undoesRunId,
    undoneBy: (
      await prisma.remediationRun.findMany({ where: { undoesRunId: run.id }, orderBy: { createdAt: "desc" }, select: { id: true, status: true }, take: 20 })
    ).map((r) => ({ runId: r.id, status: r.status })),
    changes: tenants.length <= CHANGES_UP_TO_TENANTS ? await runChanges(prisma, run.id) : null,
    approval: await approvalView(prisma, run),
  };
}

async function runChanges(prisma: PrismaClient, runId: string): Promise<RunChangeView[]> {
  const rows = await prisma.remediationChange.findMany({
    where: { runId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      tenantId: true,
      policyId: true,
      policyName: true,
      result: true,
      reason: true,
      error: true,
      graphStatus: true,
      requestMethod: true,
      requestPath: true,
      after: true,
    },
  });
  return rows.map((c) => {
    const createdId = c.policyId === null ? (c.after as { id?: unknown } | null)?.id : undefined;
    return {
      id: c.id,
      tenantId: c.tenantId,
      policyId: c.policyId,
      policyName: c.policyName,
      result: c.result,
      reason: c.reason,
      error: c.error,
      graphStatus: c.graphStatus,
      request: c.requestMethod && c.requestPath ? `${c.requestMethod} ${c.requestPath}` : null,
      createdPolicyId: typeof createdId === "string" ? createdId : null,
      // The engine sends a request to /beta only after v1.0 refused "every time" (lib/remediation/dedicated-policy.ts).
      betaNote: c.requestPath?.startsWith("/beta/") ? BETA_RETRY_NOTE : null,
    };
  });
}

export const CSV_HEADER = ["tenant", "tenant id", "policy", "policy id", "result", "reason", "error", "change id", "finished at", "ticket"] as const;

/**
 * One line per tenant and policy change (every history row of the run, in order), and one line
 * for a tenant that has none (not started, or it could not be opened) saying why.
 */
export async function runCsv(prisma: PrismaClient, runId: string): Promise<string | null> {
  const run = await prisma.remediationRun.findUnique({
    where: { id: runId.toLowerCase() },
    include: { tenants: { where: { status: { in: [...RUN_TENANT_STATUSES] } }, select: TENANT_PROGRESS } },
  });
  if (!run) return null;
  const changes = await prisma.remediationChange.findMany({
    where: { runId: run.id },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, tenantId: true, policyId: true, policyName: true, result: true, reason: true, error: true, finishedAt: true },
  });
  const nameOf = await tenantNames(
    prisma,
    run.tenants.map((t) => t.tenantId),
  );
  const byTenant = new Map<string, typeof changes>();
  for (const c of changes) byTenant.set(c.tenantId, [...(byTenant.get(c.tenantId) ?? []), c]);
  // Reasons name the MSP and what policies point at by name (lib/names), with the id beside it.
  const target = run.target as { partnerTenantId?: unknown } | null;
  const partnerTenantId = typeof target?.partnerTenantId === "string" ? target.partnerTenantId.toLowerCase() : null;
  const namesOf = await describeOptionsByTenant(
    prisma,
    run.tenants.map((t) => t.tenantId),
    partnerTenantId,
  );
  const rows: (string | null)[][] = [[...CSV_HEADER]];
  const tenants = [...run.tenants].sort((a, b) => nameOf(a.tenantId).localeCompare(nameOf(b.tenantId)));
  for (const t of tenants) {
    const name = nameOf(t.tenantId);
    const own = byTenant.get(t.tenantId) ?? [];
    if (own.length === 0) {
      rows.push([name, t.tenantId, null, null, `tenant ${t.status}`, t.error, null, null, t.finishedAt?.toISOString() ?? null, run.ticket]);
      continue;
    }
    for (const c of own)
      rows.push([
        name,
        t.tenantId,
        c.policyName,
        c.policyId,
        c.result,
        c.reason === null ? null : withNames(c.reason, namesOf(t.tenantId)),
        c.error,
        c.id,
        c.finishedAt?.toISOString() ?? null,
        run.ticket,
      ]);
  }
  return toCsv(rows);
}
