"use server";
// The guard on a tenant's page: resume a stopped auto-fix (admins), and mark a policy "leave alone"
// so the drift guard never touches it (operators). Scope is checked by the action client (tenantOf).
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { action } from "@/lib/auth/request";
import { resumeAutoFix } from "@/lib/guard/auto-fix-outcome";
import { leaveAlone, leaveAloneInput, stopLeavingAlone } from "@/lib/guard/leave-alone";

const tenantId = z.uuid().transform((id) => id.toLowerCase());

export const resumeAutoFixAction = action(
  { name: "guard-auto-fix-resume", role: "admin", input: z.strictObject({ tenantId }), tenantOf: (i) => i.tenantId },
  async ({ tenantId }, { user, prisma, ip }) => {
    const resumed = await resumeAutoFix(prisma, tenantId);
    await recordAudit(prisma, { action: "guard-auto-fix-resume", result: "success", actor: user, ip, targetTenantId: tenantId, detail: { resumed } });
    return { resumed };
  },
);

export const leaveAloneAction = action(
  { name: "guard-leave-alone", role: "operator", input: leaveAloneInput, tenantOf: (i) => i.tenantId },
  async (input, { user, prisma, ip }) => {
    await leaveAlone(prisma, input, { id: user.userId, upn: user.upn });
    await recordAudit(prisma, {
      action: "guard-leave-alone",
      result: "success",
      actor: user,
      ip,
      targetTenantId: input.tenantId,
      detail: { policyId: input.policyId, reason: input.reason },
    });
    return { leftAlone: true };
  },
);

export const stopLeavingAloneAction = action(
  { name: "guard-leave-alone-end", role: "operator", input: z.strictObject({ tenantId, policyId: z.string().min(1).max(200) }), tenantOf: (i) => i.tenantId },
  async ({ tenantId, policyId }, { user, prisma, ip }) => {
    const ended = await stopLeavingAlone(prisma, tenantId, policyId);
    await recordAudit(prisma, { action: "guard-leave-alone-end", result: "success", actor: user, ip, targetTenantId: tenantId, detail: { policyId, ended } });
    return { ended };
  },
);
