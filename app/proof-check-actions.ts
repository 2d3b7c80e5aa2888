"use server";
// Proof of access for every tenant at once (issue 16): What If writes nothing, but a check of the whole
// fleet spends every tenant's Graph quota, so operators and admins start it, like a sync; readers follow it.
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { ActionError } from "@/lib/auth/action-client";
import { action } from "@/lib/auth/request";
import { queueClient } from "@/lib/jobs/client";
import { latestFleetCheck, startFleetCheck } from "@/lib/proof";

/** A check still counting that started less than this long ago holds a new one back. */
const RUNNING_FOR_MS = 30 * 60_000;

export const checkAllAccess = action({ name: "check-all-access", role: "operator", input: z.strictObject({}) }, async (_input, { user, prisma, ip, scope }) => {
  const latest = await latestFleetCheck(prisma, scope);
  if (latest && !latest.finished && Date.now() - new Date(latest.startedAt).getTime() < RUNNING_FOR_MS) {
    throw new ActionError("conflict", `A check started by ${latest.requestedByUpn} is still running (${latest.checked} of ${latest.total} tenants checked).`);
  }
  // The person's tenants now; customers whose GDAP relationships are all gone are no longer reached.
  const tenants = await prisma.customerTenant.findMany({
    where: { ...(scope.all ? {} : { id: { in: [...scope.tenantIds] } }), NOT: { gdapStatus: "none" } },
    select: { id: true },
    orderBy: { displayName: "asc" },
  });
  if (tenants.length === 0) throw new ActionError("conflict", "There is no tenant to check: sync the tenants first.");
  const queue = await queueClient();
  const checkId = await startFleetCheck(prisma, (name, data) => queue.send(name, data), { requestedByUpn: user.upn, tenantIds: tenants.map((t) => t.id) });
  await recordAudit(prisma, { action: "check-all-access", result: "success", actor: user, ip, detail: { checkId, tenants: tenants.length } });
  return { checkId, tenants: tenants.length };
});
