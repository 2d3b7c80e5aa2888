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
  // Counted in Postgres, not read row by row: at 10,000 tenants the page would otherwise load every tenant
  // and every change of the last ten runs (a bulk run over the fleet has thousands) to show a few numbers.
  const [groups, needingFixes, runs, awaiting, compliance] = await Promise.all([
    prisma.customerTenant.groupBy({ by: ["accessHealth", "signInVerdict"], where: { id }, _count: { _all: true } }),
    prisma.customerTenant.count({ where: { id, OR: [{ needsFixCount: { gt: 0 } }, { needsReviewCount: { gt: 0 } }] } }),
    // Runs a person confirmed (previews nobody confirmed changed nothing).
    prisma.remediationRun.findMany({
      where: { confirmedAt: { not: null }, ...visibleRunsWhere(scope) },
      orderBy: { createdAt: "desc" },
      take: 10,
      select: { id: true, kind: true, requestedByUpn: true, createdAt: true, status: true, ticket: true },
    }),
    prisma.remediationRun.findMany({
      where: { status: "awaiting_approval", ...visibleRunsWhere(scope) },
      orderBy: { approvalRequestedAt: "asc" },
      take: 20,
      select: { id: true, kind: true, requestedByUpn: true, approvalRequestedAt: true, approvalReason: true },
    }),
    complianceSeries(prisma, scopeTenantList(scope)),
  ]);
  const results = await prisma.remediationChange.groupBy({
    by: ["runId", "result"],
    where: { runId: { in: runs.map((r) => r.id) } },
    _count: { _all: true },
  });
  const changes = (runId: string, result: string) => results.find((c) => c.runId === runId && c.result === result)?._count._all ?? 0;
  const count = (pred: (g: (typeof groups)[number]) => boolean) => groups.filter(pred).reduce((sum, g) => sum + g._count._all, 0);
  return {
    tenants: count(() => true),
    reachable: count((t) => REACHABLE.includes(t.accessHealth ?? "")),
    needingFixes,
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
      applied: changes(r.id, "applied"),
      failed: changes(r.id, "failed"),
      skipped: changes(r.id, "skipped"),
    })),
  };
}
