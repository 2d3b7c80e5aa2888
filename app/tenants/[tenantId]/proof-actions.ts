"use server";
// Proof of access: a person asks Graph's What If, now, whether the MSP's GDAP sign-ins get into this
// tenant (lib/proof). Reads only (What If writes nothing), so readers may ask; audited like a read
// that reaches Microsoft on a person's behalf.
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { action } from "@/lib/auth/request";
import { config } from "@/lib/config";
import { tenantGraph } from "@/lib/graph";
import { loadScenarios, proveTenant, type AccessProofView } from "@/lib/proof";
import { preferredAccess } from "@/lib/runs";

export const checkAccess = action(
  {
    name: "check-access",
    role: "reader",
    input: z.strictObject({ tenantId: z.uuid().transform((id) => id.toLowerCase()) }),
    tenantOf: (i) => i.tenantId,
  },
  async ({ tenantId }, { user, prisma, ip }): Promise<AccessProofView> => {
    const partnerTenantId = config().partnerTenantId;
    if (!partnerTenantId) throw new Error("PARTNER_TENANT_ID is not configured.");
    const tenant = await prisma.customerTenant.findUnique({ where: { id: tenantId }, select: { accessHealth: true } });
    const graph = await tenantGraph(tenantId, { prefer: preferredAccess(tenant?.accessHealth ?? null) });
    const proof = await proveTenant({ prisma, graph, tenantId, partnerTenantId, scenarios: await loadScenarios(prisma), kind: "live", checkedByUpn: user.upn });
    await recordAudit(prisma, { action: "check-access", result: "success", actor: user, ip, targetTenantId: tenantId, detail: { headline: proof.headline } });
    return proof;
  },
);
