"use server";
// Alert destinations (admins). Every change is audited; "send test" sends from the web process at
// once and records the delivery in the log like any other (retried by the workers if it failed).
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { action } from "@/lib/auth/request";
import { config } from "@/lib/config";
import { createDestination, deleteDestination, destinationInput, DestinationRefusal, setDestinationEnabled } from "@/lib/guard/alerts/destinations";
import { sendTest } from "@/lib/guard/alerts/dispatch";
import { testMessage } from "@/lib/guard/alerts/message";

const destinationId = z.strictObject({ destinationId: z.uuid() });

export const createDestinationAction = action(
  { name: "alert-destination-create", role: "admin", input: destinationInput },
  async (input, { user, prisma, ip }) => {
    const created = await createDestination(prisma, input, user.upn);
    await recordAudit(prisma, {
      action: "alert-destination-create",
      result: "success",
      actor: user,
      ip,
      targetId: created.id,
      detail: { name: input.name, kind: input.kind, eventTypes: input.eventTypes },
    });
    return created;
  },
);

export const setDestinationEnabledAction = action(
  { name: "alert-destination-enable", role: "admin", input: destinationId.extend({ enabled: z.boolean() }) },
  async ({ destinationId, enabled }, { user, prisma, ip }) => {
    const { name } = await setDestinationEnabled(prisma, destinationId, enabled);
    await recordAudit(prisma, { action: "alert-destination-enable", result: "success", actor: user, ip, targetId: destinationId, detail: { name, enabled } });
    return { enabled };
  },
);

export const deleteDestinationAction = action(
  { name: "alert-destination-delete", role: "admin", input: destinationId },
  async ({ destinationId }, { user, prisma, ip }) => {
    const { name } = await deleteDestination(prisma, destinationId);
    await recordAudit(prisma, { action: "alert-destination-delete", result: "success", actor: user, ip, targetId: destinationId, detail: { name } });
    return { deleted: true };
  },
);

export const sendTestAction = action(
  { name: "alert-destination-test", role: "admin", input: destinationId },
  async ({ destinationId }, { user, prisma, ip }) => {
    const destination = await prisma.alertDestination.findUnique({ where: { id: destinationId }, select: { name: true } });
    if (!destination) throw new DestinationRefusal("No such destination; it may have been deleted.");
    const c = config();
    const result = await sendTest(
      { prisma, portalUrl: c.portalUrl, partnerTenantId: c.partnerTenantId ?? null, sweepIntervalMs: c.guardSweepIntervalSeconds * 1000 },
      destinationId,
      testMessage(c.portalUrl, destination.name),
    );
    await recordAudit(prisma, {
      action: "alert-destination-test",
      result: result.ok ? "success" : "failed",
      actor: user,
      ip,
      targetId: destinationId,
      detail: { name: destination.name, response: result.response, error: result.error },
    });
    return result;
  },
);
