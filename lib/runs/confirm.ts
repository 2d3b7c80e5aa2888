// A person confirms a previewed run: its tenants with something to write are queued, one job each
// (busiest first: the run cannot end before them), the others are marked unchanged. Once, even for
// two clicks at the same moment: the run moves from `previewed` with a conditional update. A run
// that needs a second person (approval.ts) instead waits, its items stored, for an admin's approval.
import type { Prisma, PrismaClient } from "../db/generated/client";
import { readPortalSettings } from "../db/queries/portal-settings";
import { z } from "zod";
import { itemsFromPreview, policyPreview, type ApplyItem } from "../remediation";
import { approvalReason } from "./approval";
import { RunRefusal } from "./errors";
import type { Requester } from "./kinds";
import { runOptions } from "./options";
import { queueFor, RUN_QUEUES, type RunQueue } from "./queue";
import { READ_ONLY_GDAP } from "./read-only-gdap";
import { timing, type RunTiming } from "./timing";

/**
 * What confirming reads of each stored preview: per policy only what decides its item. The whole
 * item (items.ts) is validated where it is made and shown; reading every previewed policy in full
 * again here would cost seconds for a thousand tenants while the person waits.
 */
const confirmable = z
  .object({ policies: z.array(policyPreview.pick({ policyId: true, request: true, requiresConfirmation: true, fingerprint: true }).loose()) })
  .loose();

export interface ConfirmRunInput {
  prisma: PrismaClient;
  /** Default: a pg-boss on the same database (queueFor). */
  queue?: RunQueue;
  runId: string;
  /** needs-review policies the person ticked, by tenant (only where the run offers them). */
  confirmedNeedsReview: readonly { tenantId: string; policyId: string }[];
  /** The MSP's ticket reference; required when the portal's settings say so. */
  ticket: string | null;
  confirmedBy: Requester;
  /**
   * A system actor's run approved beforehand (the drift guard: the admin who set auto-fix approved
   * its runs): queued at once, the approval recorded. Only for system actors.
   */
  approvedInAdvance?: { byId: string | null; byUpn: string; note: string };
  timing?: Partial<RunTiming>;
}

export interface ConfirmedRun {
  runId: string;
  /** Why the run now waits for a second person's approval; null when it was queued. */
  awaitingApproval: string | null;
  /** Tenants queued (with something to write). */
  tenants: number;
  /** Items queued over all tenants. */
  items: number;
}

/** The tenants left out for read-only GDAP end with the run's confirmation: nothing written, the preview's mark as their reason. */
async function endLeftOut(tx: Prisma.TransactionClient, runId: string, tenantIds: readonly string[], now: Date): Promise<void> {
  if (tenantIds.length === 0) return;
  await tx.$executeRaw`
    update "RunTenant" set status = 'unchanged', "finishedAt" = ${now}, error = message
    where "runId" = ${runId}::uuid and "tenantId" = any(${[...tenantIds]}::uuid[]) and status = 'previewed'`;
}

export async function confirmRun(input: ConfirmRunInput): Promise<ConfirmedRun> {
  const { prisma } = input;
  const runId = input.runId.toLowerCase();
  const run = await prisma.remediationRun.findUnique({
    where: { id: runId },
    include: { tenants: { where: { status: "previewed" }, select: { tenantId: true, preview: true, problem: true } } },
  });
  if (!run) throw new RunRefusal("not-found", "No such preview.");
  if (run.status === "previewing") throw new RunRefusal("conflict", "The preview is still reading its tenants; confirm it once it is complete.");
  if (run.status !== "previewed")
    throw new RunRefusal("conflict", `This preview was already ${run.status === "cancelled" ? "discarded" : "confirmed"}; preview again to change anything.`);
  const t = timing(input.timing);
  if (run.createdAt.getTime() < Date.now() - t.previewTtlMs) {
    throw new RunRefusal(
      "conflict",
      `This preview is older than ${Math.round(t.previewTtlMs / 3_600_000)} hours and the tenants may have changed since; preview again.`,
    );
  }
  const ticket = input.ticket?.trim() || null;
  const settings = await readPortalSettings(prisma);
  if (input.approvedInAdvance && !input.confirmedBy.system) throw new Error("Only a system actor's run can be approved in advance.");
  // A ticket is the MSP's reference for a person's change; the drift guard's runs carry their reason instead.
  if (ticket === null && settings.ticketRequired && !input.confirmedBy.system) {
    throw new RunRefusal("invalid", "A ticket reference is required for every change (Settings); enter the ticket this change belongs to.");
  }
  const options = runOptions.parse(run.options);

  const confirmed = new Map<string, Set<string>>();
  for (const c of input.confirmedNeedsReview) {
    const tenantId = c.tenantId.toLowerCase();
    if (!confirmed.has(tenantId)) confirmed.set(tenantId, new Set());
    confirmed.get(tenantId)!.add(c.policyId);
  }
  if (confirmed.size > 0 && !options.offerNeedsReview) {
    throw new RunRefusal("invalid", "This preview did not offer needs-review policies; preview again with that option to confirm them.");
  }
  // A tenant the preview marked read-only GDAP is left out: its changes are shown, never queued (read-only-gdap.ts).
  const leftOut = run.tenants.filter((row) => row.problem === READ_ONLY_GDAP).map((row) => row.tenantId);
  const previews = new Map(run.tenants.filter((row) => row.problem !== READ_ONLY_GDAP).map((row) => [row.tenantId, confirmable.parse(row.preview)]));
  for (const [tenantId, policies] of confirmed) {
    const preview = previews.get(tenantId);
    for (const policyId of policies) {
      if (!preview?.policies.find((p) => p.policyId === policyId)?.requiresConfirmation) {
        throw new RunRefusal("invalid", `Policy ${policyId} of tenant ${tenantId} is not a needs-review policy of this preview, so it cannot be confirmed.`);
      }
    }
  }
  const plans: { tenantId: string; items: ApplyItem[] }[] = [];
  for (const [tenantId, preview] of previews) {
    const items = itemsFromPreview(preview, confirmed.get(tenantId) ?? new Set(), options.offerNeedsReview);
    if (items.length > 0) plans.push({ tenantId, items });
  }
  if (plans.length === 0) {
    const why = leftOut.length > 0 ? ` (${leftOut.length === 1 ? "1 tenant is" : `${leftOut.length} tenants are`} left out for read-only GDAP)` : "";
    throw new RunRefusal("conflict", `Nothing to change: no previewed policy has a request to send${why}.`);
  }
  const items = plans.reduce((n, p) => n + p.items.length, 0);

  const now = new Date();
  const advance = input.approvedInAdvance;
  const needsApproval = advance ? null : approvalReason(settings.approval, { kind: run.kind, tenantsToWrite: plans.length });
  if (needsApproval !== null) {
    await prisma.$transaction(async (tx) => {
      const { count } = await tx.remediationRun.updateMany({
        where: { id: runId, status: "previewed" },
        data: {
          status: "awaiting_approval",
          confirmedAt: now,
          confirmedByUpn: input.confirmedBy.upn,
          ticket,
          approvalReason: needsApproval,
          approvalRequestedAt: now,
        },
      });
      if (count !== 1) throw new RunRefusal("conflict", "This preview was already confirmed; preview again to change anything.");
      await endLeftOut(tx, runId, leftOut, now);
      // The items wait on their rows (still `previewed`) until an admin approves (approval.ts queues them).
      await tx.$executeRaw`
        update "RunTenant" t set items = v.items::jsonb
        from (select unnest(${plans.map((p) => p.tenantId)}::uuid[]) as tenant, unnest(${plans.map((p) => JSON.stringify(p.items))}::text[]) as items) v
        where t."runId" = ${runId}::uuid and t."tenantId" = v.tenant and t.status = 'previewed'`;
    });
    return { runId, awaitingApproval: needsApproval, tenants: plans.length, items };
  }
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.remediationRun.updateMany({
      where: { id: runId, status: "previewed" },
      data: {
        status: "queued",
        confirmedAt: now,
        confirmedByUpn: input.confirmedBy.upn,
        ticket,
        ...(advance
          ? {
              approvalReason: advance.note,
              approvalRequestedAt: now,
              approvalDecision: "approved",
              approvalDecidedAt: now,
              approvedById: advance.byId,
              approvedByUpn: advance.byUpn,
            }
          : {}),
      },
    });
    if (count !== 1) throw new RunRefusal("conflict", "This preview was already confirmed; preview again to change anything.");
    await endLeftOut(tx, runId, leftOut, now);
    // One statement for every tenant with something to write (a thousand single updates take seconds).
    await tx.$executeRaw`
      update "RunTenant" t set status = 'queued', items = v.items::jsonb, "queuedAt" = ${now}
      from (select unnest(${plans.map((p) => p.tenantId)}::uuid[]) as tenant, unnest(${plans.map((p) => JSON.stringify(p.items))}::text[]) as items) v
      where t."runId" = ${runId}::uuid and t."tenantId" = v.tenant and t.status = 'previewed'`;
    await tx.runTenant.updateMany({ where: { runId, status: "previewed" }, data: { status: "unchanged", finishedAt: now } });
  });
  // After the commit: a job must find its row. Rows whose job was lost are re-sent by the sweep.
  await (input.queue ?? (await queueFor(prisma))).send(
    RUN_QUEUES.tenant,
    plans.map((p) => ({ data: { runId, tenantId: p.tenantId }, priority: p.items.length })),
  );
  return { runId, awaitingApproval: null, tenants: plans.length, items };
}
