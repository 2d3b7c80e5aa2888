"use server";
// Proof of access for every tenant at once (issue 16): What If writes nothing, but a check of the whole
// fleet spends every tenant's Graph quota, so operators and admins start it, like a sync; readers follow it.
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { ActionError } from "@/lib/auth/action-client";
import { action } from "@/lib/auth/request";
import { queueClient } from "@/lib/jobs/client";
import { startScopedFleetCheck } from "@/lib/proof";

export const checkAllAccess = action({ name: "check-all-access", role: "operator", input: z.strictObject({}) }, async (_input, { user, prisma, ip, scope }) => {
  const started = await startScopedFleetCheck(
    prisma,
    async (name, jobs) =>
      (await queueClient()).insert(
        name,
        jobs.map((data) => ({ data })),
      ),
    { requestedByUpn: user.upn, scope },
  );
  if ("refused" in started) throw new ActionError("conflict", started.refused);
  await recordAudit(prisma, { action: "check-all-access", result: "success", actor: user, ip, detail: started });
  return started;
});
