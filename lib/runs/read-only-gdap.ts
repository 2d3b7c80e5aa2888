// Read-only GDAP means no write is sent. A customer tenant reached through GDAP (delegated) whose
// relationships, as the sync read them, grant no role that may change Conditional Access (lib/ca's
// canWriteConditionalAccess: reader roles only) would answer every PATCH or POST with 403. So the
// bulk preview marks such a tenant and leaves it out of the run (its planned changes are shown, not
// queued), and the run's tenant job checks again after opening the tenant (the roles may have
// changed since the preview, and the drift guard's runs have no person's preview): it ends the
// tenant `failed` with the reason in words, without a Graph write.
// Not concerned: the partner's own tenant (no GDAP), a tenant opened app-only (the app's own
// permission writes, not GDAP roles), and a tenant whose GDAP gives no access or was never synced
// (gdap-gate.ts decides those; its roles are not known then).
import { readOnlyGdapReason } from "../ca";
import type { PrismaClient } from "../db/generated/client";
import type { TenantGraph } from "../graph/tenant-graph-contract";
import { GIVES_ACCESS } from "../sync/gdap-summary";
import { auditRunRefusal, gdapFactsOf, type GdapFacts, type TenantGdap } from "./gdap-gate";
import { READ_ONLY_GDAP } from "./views";

export { READ_ONLY_GDAP };

export type RoleFacts = Pick<GdapFacts, "gdapStatus" | "gdapRoles">;

/** Why writes through this opening of the tenant would be refused for its GDAP roles, or null. */
export function readOnlyGdap(facts: RoleFacts | "partner" | null, opened: Pick<TenantGraph, "access">): string | null {
  if (facts === null || facts === "partner" || opened.access !== "delegated") return null;
  if (facts.gdapStatus === null || !GIVES_ACCESS.has(facts.gdapStatus)) return null;
  return readOnlyGdapReason(facts.gdapRoles);
}

/** readOnlyGdap for a tenant by id; null for the partner's own tenant. */
export async function readOnlyGdapOf(
  prisma: PrismaClient,
  partnerTenantId: string | undefined,
  tenantId: string,
  opened: Pick<TenantGraph, "access">,
): Promise<string | null> {
  return readOnlyGdap(await gdapFactsOf(prisma, partnerTenantId, tenantId), opened);
}

/** For the run's tenant job, with the facts it read: readOnlyGdap as the tenant's `error`, and an audit row when it refuses. */
export async function readOnlyGdapRunRefusal(
  prisma: PrismaClient,
  facts: TenantGdap,
  job: { runId: string; tenantId: string; requestedByUpn: string },
  opened: Pick<TenantGraph, "access">,
): Promise<string | null> {
  const reason = readOnlyGdap(facts, opened);
  if (reason === null) return null;
  const refusal = `Not done: ${reason} Nothing was sent to Microsoft; once GDAP grants such a role, retry.`;
  await auditRunRefusal(prisma, job, READ_ONLY_GDAP, refusal);
  return refusal;
}

/** The preview's mark for such a tenant: the reason, and that the run leaves it out. */
export const leftOutMessage = (reason: string) => `${reason} Left out of the run: nothing is sent to this tenant.`;
