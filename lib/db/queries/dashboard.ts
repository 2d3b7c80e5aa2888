// The morning view: which customers can the MSP still reach, which need fixing, what was done.
import "server-only";
import { scopeTenantList, tenantIdFilter, type TenantScope } from "../../auth/scope";
import { complianceSeries, type ComplianceDay } from "../../guard/compliance";
import { visibleRunsWhere } from "../../runs/scope";
import { RUN_STATUS_WORDS } from "../../runs/status";
import type { PrismaClient, RunStatus } from "../generated/client";

export interface DashboardData {
  tenants: number;
  reachable: number;
  needingFixes: number;
  blockedByCa: number;
  unreachable: number;
  neverSynced: number;
  /** The tenants by their GDAP sign-in: the newest proof of access (Graph's What If) kept on each (lib/proof/record.ts). */
  signIn: SignInCounts;
  /** Per day, the tenants in scope by standing (lib/guard/compliance.ts), oldest first. */
  compliance: ComplianceDay[];
  /** Runs waiting for a second person's approval (lib/runs/approval.ts), oldest first. */
  awaitingApproval: { id: string; kind: string; by: string; at: string; reason: string }[];
  recentRuns: {
    id: string;
    kind: string;
    by: string;
    at: string;
    status: RunStatus;
    statusText: string;
    ticket: string | null;
    applied: number;
    failed: number;
    skipped: number;
  }[];
}

export interface SignInCounts {
  getsIn: number;
  afterMfa: number;
  blocked: number;
  notProven: number;
  /** Never checked. */
  notChecked: number;
}

const REACHABLE = ["delegated", "app-only"];

/** Counts and recent runs within `scope` (lib/runs/scope.ts). */
export async function dashboard(prisma: PrismaClient, scope: TenantScope): Promise<DashboardData> {
  const id = tenantIdFilter(scope);
  const [tenants, runs, awaiting, compliance] = await Promise.all([
    prisma.customerTenant.findMany({ where: { id }, select: { accessHealth: true, needsFixCount: true, needsReviewCount: true, signInVerdict: true } }),
    // Runs a person confirmed (previews nobody confirmed changed nothing).
    prisma.remediationRun.findMany({
      where: { confirmedAt: { not: null }, ...visibleRunsWhere(scope) },
      orderBy: { createdAt: "desc" },
      take: 10,
      include: { changes: { select: { result: true } } },
    }),
    prisma.remediationRun.findMany({
      where: { status: "awaiting_approval", ...visibleRunsWhere(scope) },
      orderBy: { approvalRequestedAt: "asc" },
      take: 20,
      select: { id: true, kind: true, requestedByUpn: true, approvalRequestedAt: true, approvalReason: true },
    }),
    complianceSeries(prisma, scopeTenantList(scope)),
  ]);
  const count = (pred: (t: (typeof tenants)[number]) => boolean) => tenants.filter(pred).length;
  return {
    tenants: tenants.length,
    reachable: count((t) => REACHABLE.includes(t.accessHealth ?? "")),
    needingFixes: count((t) => (t.needsFixCount ?? 0) + (t.needsReviewCount ?? 0) > 0),
    blockedByCa: count((t) => t.accessHealth === "blocked-by-ca"),
    unreachable: count((t) => !!t.accessHealth && !REACHABLE.includes(t.accessHealth) && t.accessHealth !== "blocked-by-ca"),
    neverSynced: count((t) => !t.accessHealth),
    signIn: {
      getsIn: count((t) => t.signInVerdict === "gets-in"),
      afterMfa: count((t) => t.signInVerdict === "gets-in-after-mfa"),
      blocked: count((t) => t.signInVerdict === "blocked"),
      notProven: count((t) => t.signInVerdict === "not-proven"),
      notChecked: count((t) => t.signInVerdict === null),
    },
    compliance,
    awaitingApproval: awaiting.map((r) => ({
      id: r.id,
      kind: r.kind,
      by: r.requestedByUpn,
      at: (r.approvalRequestedAt ?? new Date(0)).toISOString(),
      reason: r.approvalReason ?? "",
    })),
    recentRuns: runs.map((r) => ({
      id: r.id,
      kind: r.kind,
      by: r.requestedByUpn,
      at: r.createdAt.toISOString(),
      status: r.status,
      statusText: RUN_STATUS_WORDS[r.status],
      ticket: r.ticket,
      applied: r.changes.filter((c) => c.result === "applied").length,
      failed: r.changes.filter((c) => c.result === "failed").length,
      skipped: r.changes.filter((c) => c.result === "skipped").length,
    })),
  };
}
