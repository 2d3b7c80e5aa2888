"use server";
// The run service's actions, the same for every entrance (a policy's button, "Fix all", the bulk
// wizard, the partner page): confirm a preview, approve or reject a run waiting for a second person,
// cancel a run (or discard a preview), retry a run's failed tenants (a new preview first). lib/runs does the work and re-checks everything when its
// jobs run; the browser sends only ids, the person's ticks and the ticket reference.
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { action } from "@/lib/auth/request";
import { confirmedNeedsReview, roleForConfirm } from "@/lib/bulk";
import { config } from "@/lib/config";
import { cancelRun, confirmRun, queueFor, retryFailedTenants, ticketReference, writesToPartnerTenant } from "@/lib/runs";
import { approveRun, rejectRun } from "@/lib/runs/approval";
import { rollbackPlan, startRollback } from "@/lib/runs/rollback";
import { changesTouch, runTouches } from "@/lib/runs/scope";

const runId = z.uuid().transform((v) => v.toLowerCase());
/** Every tenant of the run must be within the person's scope (an unknown run touches none: lib/runs says "no such run"). */
const runTenants = ({ runId }: { runId: string }, prisma: Parameters<typeof runTouches>[0]) => runTouches(prisma, runId).then((t) => t ?? { tenantIds: [] });

export const confirmRunAction = action(
  {
    name: "run-confirm",
    role: "operator",
    input: z.strictObject({ runId, confirmedNeedsReview, ticket: ticketReference }),
    // A bulk run over every customer tenant at once needs an admin (lib/bulk/run-role.ts).
    roleFor: ({ runId }, prisma) => roleForConfirm(prisma, runId),
    tenantsOf: runTenants,
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
      detail: {
        tenants: confirmed.tenants,
        items: confirmed.items,
        confirmedNeedsReview: input.confirmedNeedsReview.length,
        ticket: input.ticket ?? "",
        awaitingApproval: confirmed.awaitingApproval ?? "",
      },
    });
    return confirmed;
  },
);

const decisionNote = z
  .string()
  .trim()
  .max(500, "At most 500 characters.")
  .transform((v) => v || null)
  .nullable()
  .default(null);

/** A second admin approves a run waiting for approval (lib/runs/approval.ts checks who, when and the expiry). */
export const approveRunAction = action(
  // The approver signed in within the last 15 minutes (FRESH_SIGN_IN_MINUTES): four eyes that are awake.
  { name: "run-approve", role: "admin", input: z.strictObject({ runId, note: decisionNote }), tenantsOf: runTenants, freshSignIn: true },
  async (input, { user, prisma, ip }) => {
    const approved = await approveRun({
      prisma,
      queue: await queueFor(prisma),
      runId: input.runId,
      approver: { id: user.userId, upn: user.upn },
      note: input.note,
    });
    await recordAudit(prisma, {
      action: "run-approve",
      result: "success",
      actor: user,
      ip,
      targetId: input.runId,
      detail: { tenants: approved.tenants, note: input.note ?? "" },
    });
    return approved;
  },
);

export const rejectRunAction = action(
  { name: "run-reject", role: "admin", input: z.strictObject({ runId, note: decisionNote }), tenantsOf: runTenants },
  async (input, { user, prisma, ip }) => {
    await rejectRun({ prisma, runId: input.runId, approver: { id: user.userId, upn: user.upn }, note: input.note });
    await recordAudit(prisma, { action: "run-reject", result: "success", actor: user, ip, targetId: input.runId, detail: { note: input.note ?? "" } });
    return { rejected: true };
  },
);

export const cancelRunAction = action(
  { name: "run-cancel", role: "operator", input: z.strictObject({ runId }), tenantsOf: runTenants },
  async (input, { user, prisma, ip }) => {
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
  },
);

export const retryFailedAction = action(
  { name: "run-retry-failed", role: "operator", input: z.strictObject({ runId }), tenantsOf: runTenants },
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

/** "Undo this run": a rollback's preview (lib/runs/rollback.ts); nothing is written until it is confirmed like any preview. */
export const undoRunAction = action(
  {
    name: "run-undo",
    role: "operator",
    input: z.strictObject({ runId, changeIds: z.array(z.uuid()).min(1).max(500).optional() }),
    // Undoing some changes needs only their tenants in scope; the whole run, all of its tenants.
    tenantsOf: (input, prisma) =>
      input.changeIds ? changesTouch(prisma, input.runId, input.changeIds).then((t) => t ?? { tenantIds: [] }) : runTenants(input, prisma),
  },
  async (input, { user, prisma, ip }) => {
    const plan = await rollbackPlan(prisma, input.runId, config().partnerTenantId, input.changeIds);
    const previewId = await startRollback({ prisma, queue: await queueFor(prisma), plan, requestedBy: { id: user.userId, upn: user.upn } });
    await recordAudit(prisma, {
      action: "run-undo",
      result: "success",
      actor: user,
      ip,
      targetId: input.runId,
      detail: { previewId, policies: Object.keys(plan.target.restores).length, notRestorable: plan.notRestorable.length },
    });
    return { previewId, notRestorable: plan.notRestorable };
  },
);
