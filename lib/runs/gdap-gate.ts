// GDAP ended means no writes. A customer who ended (or let expire) every GDAP relationship with the
// MSP has withdrawn its consent to be administered; that the portal's app may still hold application
// permissions in the tenant does not bring it back. So nothing is written to a customer tenant
// whose GDAP gives no access, unless an admin opted that tenant into app-only writes (tenant page,
// audited). Decided from facts, never from an error's prose:
// - the relationships' status as the sync read them (CustomerTenant.gdapStatus, lib/sync: only
//   `active` and `expiring` give access, Graph's delegatedAdminRelationshipStatus), and
// - when the tenant was just opened: the delegated (GDAP) sign-in was refused with AADSTS50020
//   (lib/graph's `gdap-inactive` / `no-gdap`) and the portal got in app-only instead. This catches
//   a relationship that ended after the last sync.
// Checked by every preview (the tenant page's, the preview job) and again by the run's tenant job
// just before it writes. The partner's own tenant is reached without GDAP and is not concerned.
import { recordAudit } from "../audit/record";
import type { PrismaClient } from "../db/generated/client";
import type { TenantGraph } from "../graph/tenant-graph-contract";
import { GIVES_ACCESS } from "../sync/gdap-summary";

export const GDAP_ENDED = "GDAP with this customer has ended; the portal does not write to it unless an admin allows app-only writes.";

export interface GdapFacts {
  gdapStatus: string | null;
  appOnlyWritesAllowedAt: Date | null;
  /** Role template ids the relationships grant (for read-only-gdap.ts). */
  gdapRoles: readonly string[];
}

/** A tenant's GDAP as the sync stored it: "partner" for the partner's own tenant (no GDAP), null for a tenant not known. */
export type TenantGdap = GdapFacts | "partner" | null;

/** A customer tenant's GDAP as the sync stored it (TenantGdap). */
export async function gdapFactsOf(prisma: PrismaClient, partnerTenantId: string | undefined, tenantId: string): Promise<TenantGdap> {
  return (await tenantFactsOf(prisma, partnerTenantId, tenantId)).gdap;
}

/** What a run's or a preview's tenant job reads of the tenant before opening it: how it was last reached, and its GDAP. */
export interface TenantFacts {
  accessHealth: string | null;
  gdap: TenantGdap;
}

/** Both in one statement: the tenant jobs read them once, and judge the GDAP again with how the tenant was opened. */
export async function tenantFactsOf(prisma: PrismaClient, partnerTenantId: string | undefined, tenantId: string): Promise<TenantFacts> {
  const row = await prisma.customerTenant.findUnique({
    where: { id: tenantId.toLowerCase() },
    select: { accessHealth: true, gdapStatus: true, appOnlyWritesAllowedAt: true, gdapRoles: true },
  });
  return factsOf(row, partnerTenantId, tenantId);
}

type FactsRow = { accessHealth: string | null } & GdapFacts;

function factsOf(row: FactsRow | null, partnerTenantId: string | undefined, tenantId: string): TenantFacts {
  const partner = !!partnerTenantId && tenantId.toLowerCase() === partnerTenantId.toLowerCase();
  return {
    accessHealth: row?.accessHealth ?? null,
    gdap: partner ? "partner" : row && { gdapStatus: row.gdapStatus, appOnlyWritesAllowedAt: row.appOnlyWritesAllowedAt, gdapRoles: row.gdapRoles },
  };
}

/**
 * The run's tenant job, right after its claim committed: the tenant's facts and whether someone
 * pressed Cancel on the run (cancel.ts: read after the claim, not with it), in one statement.
 */
export async function claimedTenantFacts(
  prisma: PrismaClient,
  partnerTenantId: string | undefined,
  job: { runId: string; tenantId: string },
): Promise<TenantFacts & { cancelRequested: boolean }> {
  const [row] = await prisma.$queryRaw<({ cancelRequested: boolean; known: boolean } & FactsRow)[]>`
    select exists (select 1 from "RemediationRun" where id = ${job.runId}::uuid and "cancelRequestedAt" is not null) as "cancelRequested",
      t.id is not null as known, t."accessHealth", t."gdapStatus", t."appOnlyWritesAllowedAt", t."gdapRoles"
    from (select 1) as one left join "CustomerTenant" as t on t.id = ${job.tenantId.toLowerCase()}::uuid`;
  return { cancelRequested: row?.cancelRequested === true, ...factsOf(row?.known ? row : null, partnerTenantId, job.tenantId) };
}

/** The GDAP role template ids of the facts (none for the partner's own tenant or a tenant not known). */
export function gdapRolesOf(facts: TenantGdap): readonly string[] {
  return facts !== null && facts !== "partner" ? facts.gdapRoles : [];
}

/** The audit row for a write the run's tenant job refused before sending it: who asked, the tenant, the run, why. */
export async function auditRunRefusal(
  prisma: PrismaClient,
  job: { runId: string; tenantId: string; requestedByUpn: string },
  reason: string,
  message: string,
): Promise<void> {
  await recordAudit(prisma, {
    action: "run-tenant-write",
    result: "denied",
    actor: { upn: job.requestedByUpn },
    targetTenantId: job.tenantId,
    targetId: job.runId,
    detail: { reason, message },
  });
}

const GDAP_SIGN_IN_REFUSED: ReadonlySet<string> = new Set(["gdap-inactive", "no-gdap"]);

/** Why nothing may be written to this customer tenant, in words, or null when writes are allowed. */
export function gdapRefusal(facts: Omit<GdapFacts, "gdapRoles"> | "partner" | null, opened?: Pick<TenantGraph, "access" | "fallbackReason">): string | null {
  if (facts === "partner") return null; // the partner's own tenant: no GDAP to end
  if (facts === null) return "Not done: this tenant is not one of the partner's customers (no GDAP relationship with it is known).";
  if (facts.appOnlyWritesAllowedAt !== null) return null;
  const status = facts.gdapStatus;
  // null: no relationship status stored yet. The GDAP sync creates every tenant with one, so this is
  // a row made otherwise (tests, tools); the check of how the tenant was opened still applies to it.
  if (status !== null && !GIVES_ACCESS.has(status)) {
    return `${GDAP_ENDED} (${status === "none" ? "No GDAP relationship with it is left" : `Its GDAP relationships are ${status}`}.)`;
  }
  if (opened?.access === "app-only" && opened.fallbackReason && GDAP_SIGN_IN_REFUSED.has(opened.fallbackReason.problem)) {
    return `${GDAP_ENDED} (Microsoft Entra ID refused the GDAP sign-in just now, AADSTS50020${status ? `, although the last sync found it ${status}` : ""}.)`;
  }
  return null;
}

/** gdapRefusal for a tenant by id; null for the partner's own tenant. */
export async function gdapWriteRefusal(
  prisma: PrismaClient,
  partnerTenantId: string | undefined,
  tenantId: string,
  opened?: Pick<TenantGraph, "access" | "fallbackReason">,
): Promise<string | null> {
  return gdapRefusal(await gdapFactsOf(prisma, partnerTenantId, tenantId), opened);
}

/** For the run's tenant job, with the facts it read: gdapRefusal, and an audit row when it refuses (who asked, the tenant, the run). */
export async function gdapRunRefusal(
  prisma: PrismaClient,
  facts: TenantGdap,
  job: { runId: string; tenantId: string; requestedByUpn: string },
  opened?: Pick<TenantGraph, "access" | "fallbackReason">,
): Promise<string | null> {
  const refusal = gdapRefusal(facts, opened);
  if (refusal !== null) await auditRunRefusal(prisma, job, "gdap-ended", refusal);
  return refusal;
}
