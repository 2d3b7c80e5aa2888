"use server";
// The run service's actions, the same for every entrance (a policy's button, "Fix all", the bulk
// wizard, the partner page): confirm a preview, cancel a run (or discard a preview), retry a run's
// failed tenants (a new preview first). lib/runs does the work and re-checks everything when its
// jobs run; the browser sends only ids, the person's ticks and the ticket reference.
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { action } from "@/lib/auth/request";
import { confirmedNeedsReview, roleForConfirm } from "@/lib/bulk";
import { config } from "@/lib/config";
import { cancelRun, confirmRun, queueFor, retryFailedTenants, ticketReference, writesToPartnerTenant } from "@/lib/runs";

const runId = z.uuid().transform((v) => v.toLowerCase());

export const confirmRunAction = action(
  {
    name: "run-confirm",
    role: "operator",
    input: z.strictObject({ runId, confirmedNeedsReview, ticket: ticketReference }),
    // A bulk run over every customer tenant at once needs an admin (lib/bulk/run-role.ts).
    roleFor: ({ runId }, prisma) => roleForConfirm(prisma, runId),
    // A write to the MSP's own tenant (the service account reaches every customer) needs a fresh sign-in.
    freshSignIn: ({ runId }, prisma) => writesToPartnerTenant(prisma, runId, config().partnerTenantId),
  },
  async (input, { user, prisma, ip }) => {
    const confirmed = await confirmRun({
      prisma,
      queue: await queueFor(prisma),
      runId: input.runId,
      confirmedNeedsReview: input.confirmedNeedsReview,
      ticket: input.ticket,
      confirmedBy: { id: user.userId, upn: user.upn },
    });
    await recordAudit(prisma, {
      action: "run-confirm",
      result: "success",
      actor: user,
      ip,
      targetId: confirmed.runId,
      detail: { tenants: confirmed.tenants, items: confirmed.items, confirmedNeedsReview: input.confirmedNeedsReview.length, ticket: input.ticket ?? "" },
    });
    return confirmed;
  },
);

export const cancelRunAction = action({ name: "run-cancel", role: "operator", input: z.strictObject({ runId }) }, async (input, { user, prisma, ip }) => {
  const result = await cancelRun({ prisma, runId: input.runId, by: user.upn });
  await recordAudit(prisma, {
    action: "run-cancel",
    result: "success",
    actor: user,
    ip,
    targetId: input.runId,
    detail: { acknowledgedAt: result.acknowledgedAt.toISOString(), notDone: result.notDone.length, writesInFlight: result.writesInFlight },
  });
  return { acknowledgedAt: result.acknowledgedAt.toISOString(), notDone: result.notDone.length, notDoneTenants: result.notDone, note: result.note };
});

export const retryFailedAction = action(
  { name: "run-retry-failed", role: "operator", input: z.strictObject({ runId }) },
  async (input, { user, prisma, ip }) => {
    const previewId = await retryFailedTenants({
      prisma,
      queue: await queueFor(prisma),
      runId: input.runId,
      requestedBy: { id: user.userId, upn: user.upn },
      partnerTenantId: config().partnerTenantId,
    });
    await recordAudit(prisma, { action: "run-retry-failed", result: "success", actor: user, ip, targetId: input.runId, detail: { previewId } });
    return { previewId };
  },
);
