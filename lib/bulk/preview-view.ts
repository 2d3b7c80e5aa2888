// The preview as the browser polls it (lib/bulk/views.ts): progress, totals, one summary row per
// tenant; a tenant's planned changes are fetched separately when its row is expanded.
import type { PrismaClient } from "../db/generated/client";
import type { FixPreview } from "../fixes/preview-view";
import { bulkOptions } from "./schemas";
import { namedTenantViews, tenantNames } from "./tenant-names";
import type { BulkPreviewTenantDetail, BulkPreviewTenantSummary, BulkPreviewView } from "./views";

export function previewTotals(tenants: readonly BulkPreviewTenantSummary[]): BulkPreviewView["totals"] {
  const unreachableByProblem: Record<string, number> = {};
  let policiesToChange = 0;
  let policiesToSkip = 0;
  let policiesNeedingReview = 0;
  let unreachableTenants = 0;
  for (const t of tenants) {
    policiesToChange += t.toChange;
    policiesToSkip += t.toSkip;
    policiesNeedingReview += t.needsReview;
    if (t.status === "unreachable") {
      unreachableTenants += 1;
      const problem = t.problem?.problem ?? "unknown";
      unreachableByProblem[problem] = (unreachableByProblem[problem] ?? 0) + 1;
    }
  }
  return { tenants: tenants.length, policiesToChange, policiesToSkip, policiesNeedingReview, unreachableTenants, unreachableByProblem };
}

export async function bulkPreviewView(prisma: PrismaClient, previewId: string): Promise<BulkPreviewView | null> {
  const preview = await prisma.bulkPreview.findUnique({
    where: { id: previewId.toLowerCase() },
    include: { tenants: { select: { tenantId: true, status: true, toChange: true, toSkip: true, needsReview: true, problem: true, message: true } } },
  });
  if (!preview) return null;
  const tenants: BulkPreviewTenantSummary[] = await namedTenantViews(prisma, preview.tenants, (t, displayName) => ({
    tenantId: t.tenantId,
    displayName,
    status: t.status,
    toChange: t.toChange,
    toSkip: t.toSkip,
    needsReview: t.needsReview,
    problem: t.problem !== null && t.message !== null ? { problem: t.problem, message: t.message } : null,
  }));
  return {
    id: preview.id,
    status: preview.status,
    options: bulkOptions.parse(preview.options),
    requestedBy: preview.requestedByUpn,
    createdAt: preview.createdAt.toISOString(),
    finishedAt: preview.finishedAt?.toISOString() ?? null,
    progress: { done: tenants.filter((t) => t.status !== "pending").length, total: tenants.length },
    totals: previewTotals(tenants),
    tenants,
    runId: preview.runId,
  };
}

export async function bulkPreviewTenantDetail(prisma: PrismaClient, previewId: string, tenantId: string): Promise<BulkPreviewTenantDetail | null> {
  const row = await prisma.bulkPreviewTenant.findUnique({
    where: { previewId_tenantId: { previewId: previewId.toLowerCase(), tenantId: tenantId.toLowerCase() } },
  });
  if (!row) return null;
  const nameOf = await tenantNames(prisma, [row.tenantId]);
  const result = row.result as unknown as FixPreview | null;
  return {
    tenantId: row.tenantId,
    displayName: nameOf(row.tenantId),
    problem: row.problem !== null && row.message !== null ? { problem: row.problem, message: row.message } : null,
    access: result?.access ?? null,
    policies: result?.policies ?? [],
  };
}
