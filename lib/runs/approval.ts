// Four-eyes: a run that writes to more tenants than the portal's threshold, or to the MSP's own
// tenant, waits after its confirmation for a second person. The approver is an admin other than the
// requester, whose scope holds every tenant of the run, who saw the same preview (and, when the
// settings ask for it, waited before Approve became active). An approval not given in time expires
// and the run ends cancelled. Approving queues the tenants exactly as a confirmation without
// approval does; the engine re-reads and re-plans every policy when it writes, as always.
import type { TouchedTenants } from "../auth/action-client";
import { allows } from "../auth/roles";
import { inScope, outOfScopeMessage, PARTNER_NEEDS_ALL_TENANTS, type TenantScope } from "../auth/scope";
import type { PrismaClient } from "../db/generated/client";
import { readPortalSettings, type ApprovalRules } from "../db/queries/portal-settings";
import { RunRefusal } from "./errors";
import type { Requester } from "./kinds";
import { queueFor, RUN_QUEUES, type RunQueue } from "./queue";
import { PARTNER_RUN_KIND } from "./scope";

/** Why a run needs a second person, in words, or null when it does not (pure). */
export function approvalReason(rules: ApprovalRules, run: { kind: string; tenantsToWrite: number }): string | null {
  if (run.kind === PARTNER_RUN_KIND) return rules.forPartner ? "It changes the MSP's own tenant, which reaches every customer." : null;
  if (run.tenantsToWrite > rules.aboveTenants) {
    return `It writes to ${run.tenantsToWrite} tenants; runs over more than ${rules.aboveTenants} need a second person.`;
  }
  return null;
}

/** When the approval of a run that started waiting at `since` expires. */
export const approvalExpiresAt = (rules: ApprovalRules, since: Date) => new Date(since.getTime() + rules.expiryHours * 3_600_000);
/** When Approve becomes active for a run that started waiting at `since`. */
export const approvalOpensAt = (rules: ApprovalRules, since: Date) => new Date(since.getTime() + rules.delaySeconds * 1000);

export interface Approver extends Requester {
  id: string;
}

/**
 * Why this person may not approve this run, in words, or null when they may: an admin, not the
 * requester, whose scope holds every tenant of the run (all tenants for the MSP's own).
 */
export function approverProblem(
  who: { userId: string; role: string },
  scope: TenantScope,
  run: { status: string; requestedById: string | null; touched: TouchedTenants },
): string | null {
  if (run.status !== "awaiting_approval") return "The run is not waiting for approval.";
  if (!allows(who.role, "admin")) return "Only an admin can approve a run.";
  if (run.requestedById === who.userId) return "You asked for this run, so another admin must approve it.";
  if (run.touched.partner && !scope.all) return PARTNER_NEEDS_ALL_TENANTS;
  const outside = run.touched.tenantIds.filter((id) => !inScope(scope, id)).length;
  return outside > 0 ? outOfScopeMessage(scope, outside) : null;
}

async function awaiting(prisma: PrismaClient, runId: string) {
  const run = await prisma.remediationRun.findUnique({
    where: { id: runId },
    select: { status: true, requestedById: true, requestedByUpn: true, approvalRequestedAt: true, approvalDecision: true, approvedByUpn: true },
  });
  if (!run) throw new RunRefusal("not-found", "No such run.");
  if (run.status !== "awaiting_approval" || run.approvalRequestedAt === null) {
    const decided = run.approvalDecision ? ` (${run.approvalDecision}${run.approvedByUpn ? ` by ${run.approvedByUpn}` : ""})` : "";
    throw new RunRefusal("conflict", `This run is not waiting for approval${decided}.`);
  }
  return { ...run, approvalRequestedAt: run.approvalRequestedAt };
}

/**
 * Approves a run waiting for a second person and queues it. The caller has checked the approver's
 * role (admin) and scope; the rules that need the run itself are checked here.
 */
export async function approveRun(input: {
  prisma: PrismaClient;
  queue?: RunQueue;
  runId: string;
  approver: Approver;
  note: string | null;
  now?: Date;
}): Promise<{ runId: string; tenants: number }> {
  const { prisma } = input;
  const runId = input.runId.toLowerCase();
  const now = input.now ?? new Date();
  const run = await awaiting(prisma, runId);
  const rules = (await readPortalSettings(prisma)).approval;
  if (run.requestedById === input.approver.id) {
    throw new RunRefusal("conflict", "You asked for this run, so you cannot approve it: another admin must.");
  }
  if (approvalExpiresAt(rules, run.approvalRequestedAt) <= now) {
    await expire(prisma, runId, rules, now);
    throw new RunRefusal("conflict", `This approval expired (not given within ${rules.expiryHours} hours); the run was cancelled. Preview again.`);
  }
  const opens = approvalOpensAt(rules, run.approvalRequestedAt);
  if (opens > now) {
    const seconds = Math.ceil((opens.getTime() - now.getTime()) / 1000);
    throw new RunRefusal("conflict", `Read the preview first: Approve becomes active in ${seconds} second${seconds === 1 ? "" : "s"} (Settings).`);
  }
  // The tenants with something to write (their items were stored at confirmation) are queued in the
  // same transaction as the run: the recovery sweep must never see a queued run without its tenants.
  const rows = await prisma.runTenant.findMany({ where: { runId, status: "previewed" }, select: { tenantId: true, items: true } });
  const plans = rows.filter((r) => Array.isArray(r.items) && r.items.length > 0);
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.remediationRun.updateMany({
      where: { id: runId, status: "awaiting_approval" },
      data: {
        status: "queued",
        approvalDecision: "approved",
        approvalDecidedAt: now,
        approvedById: input.approver.id,
        approvedByUpn: input.approver.upn,
        approvalNote: input.note,
      },
    });
    if (count !== 1) throw new RunRefusal("conflict", "This run was approved, rejected or cancelled meanwhile.");
    await tx.runTenant.updateMany({
      where: { runId, status: "previewed", tenantId: { in: plans.map((p) => p.tenantId) } },
      data: { status: "queued", queuedAt: now },
    });
    await tx.runTenant.updateMany({ where: { runId, status: "previewed" }, data: { status: "unchanged", finishedAt: now } });
  });
  // After the commit: a job must find its row. Rows whose job was lost are re-sent by the sweep.
  await (input.queue ?? (await queueFor(prisma))).send(
    RUN_QUEUES.tenant,
    plans.map((p) => ({ data: { runId, tenantId: p.tenantId }, priority: (p.items as unknown[]).length })),
  );
  const tenants = plans.length;
  return { runId, tenants };
}

/** Rejects a run waiting for approval: it ends cancelled, nothing written. */
export async function rejectRun(input: { prisma: PrismaClient; runId: string; approver: Approver; note: string | null; now?: Date }): Promise<void> {
  const runId = input.runId.toLowerCase();
  const now = input.now ?? new Date();
  await awaiting(input.prisma, runId);
  const { count } = await input.prisma.remediationRun.updateMany({
    where: { id: runId, status: "awaiting_approval" },
    data: {
      status: "cancelled",
      finishedAt: now,
      approvalDecision: "rejected",
      approvalDecidedAt: now,
      approvedById: input.approver.id,
      approvedByUpn: input.approver.upn,
      approvalNote: input.note,
      error: `Rejected by ${input.approver.upn}${input.note ? `: ${input.note}` : ""}; nothing was written.`,
    },
  });
  if (count !== 1) throw new RunRefusal("conflict", "This run was approved, rejected or cancelled meanwhile.");
}

async function expire(prisma: PrismaClient, runId: string | undefined, rules: ApprovalRules, now: Date): Promise<number> {
  const { count } = await prisma.remediationRun.updateMany({
    where: {
      ...(runId ? { id: runId } : {}),
      status: "awaiting_approval",
      approvalRequestedAt: { lte: new Date(now.getTime() - rules.expiryHours * 3_600_000) },
    },
    data: {
      status: "cancelled",
      finishedAt: now,
      approvalDecision: "expired",
      approvalDecidedAt: now,
      error: `Not approved within ${rules.expiryHours} hours; nothing was written. Preview again.`,
    },
  });
  return count;
}

/** For the recovery sweep: ends every run whose approval was not given in time. */
export async function expireApprovals(prisma: PrismaClient, now = new Date()): Promise<number> {
  return expire(prisma, undefined, (await readPortalSettings(prisma)).approval, now);
}
