"use server";
// An admin's per-tenant choice to let the portal write with its app-only access although GDAP with
// the customer is not active (lib/runs/gdap-gate.ts). Recorded with who and when, and audited.
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { action } from "@/lib/auth/request";

export const setAppOnlyWrites = action(
  {
    name: "tenant-app-only-writes",
    role: "admin",
    input: z.strictObject({ tenantId: z.uuid().transform((id) => id.toLowerCase()), allowed: z.boolean() }),
    tenantOf: (i) => i.tenantId,
  },
  async ({ tenantId, allowed }, { user, prisma, ip }) => {
    const tenant = await prisma.customerTenant.update({
      where: { id: tenantId },
      data: allowed
        ? { appOnlyWritesAllowedAt: new Date(), appOnlyWritesAllowedByUpn: user.upn }
        : { appOnlyWritesAllowedAt: null, appOnlyWritesAllowedByUpn: null },
      select: { appOnlyWritesAllowedAt: true, appOnlyWritesAllowedByUpn: true },
    });
    await recordAudit(prisma, {
      action: "tenant-app-only-writes",
      result: "success",
      actor: user,
      ip,
      targetTenantId: tenantId,
      detail: { allowed: String(allowed) },
    });
    return { allowedAt: tenant.appOnlyWritesAllowedAt?.toISOString() ?? null, allowedByUpn: tenant.appOnlyWritesAllowedByUpn };
  },
);
