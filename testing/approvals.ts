// For tests of everything but four-eyes: the portal's approval rules switched off (no run waits for
// a second person), as an admin would set them in Settings. lib/runs/approval.int.test.ts tests them.
import type { PrismaClient } from "@/lib/db/generated/client";
import { writePortalSettings } from "@/lib/db/queries/portal-settings";

export const NO_APPROVALS = { aboveTenants: 100_000, forPartner: false, expiryHours: 24, delaySeconds: 0 };

export async function withoutApprovals(prisma: PrismaClient): Promise<void> {
  await writePortalSettings(prisma, { approval: NO_APPROVALS }, "tests@msp.example");
}
