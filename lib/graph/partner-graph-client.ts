// PartnerGraph (partner-graph-contract.ts) over Graph: the partner tenant's GDAP relationships, read with the
// connected automation account (delegated, DelegatedAdminRelationship.Read.All), through the same
// graph-client chain (retry budget, request ids) as customer tenants.
import "server-only";
import { z } from "zod";
import { connectedAccountId } from "./connection";
import { createGraphClient, GraphTenant, LICENCE_SCOPES } from "./tenant-graph-client";
import { graphAuth } from "./msal-client";
import type { GdapRelationship, PartnerGraph } from "./partner-graph-contract";
import { graphSettings, type GraphSettings } from "./settings";
import { GraphFailure } from "./tenant-graph-contract";

const GDAP_SCOPES = ["https://graph.microsoft.com/DelegatedAdminRelationship.Read.All"];
const RELATIONSHIPS = "/tenantRelationships/delegatedAdminRelationships";

const relationshipSchema = z.object({
  id: z.string(),
  displayName: z.string().nullish(),
  status: z.string(),
  endDateTime: z.string().nullish(),
  createdDateTime: z.string().nullish(),
  activatedDateTime: z.string().nullish(),
  autoExtendDuration: z.string().nullish(),
  customer: z.object({ tenantId: z.string(), displayName: z.string().nullish() }),
  accessDetails: z.object({ unifiedRoles: z.array(z.object({ roleDefinitionId: z.string() })).nullish() }).nullish(),
});

/** One Graph delegatedAdminRelationship -> GdapRelationship; null when it names no customer. */
export function readRelationship(raw: unknown): GdapRelationship | null {
  const parsed = relationshipSchema.safeParse(raw);
  if (!parsed.success) return null;
  const r = parsed.data;
  return {
    id: r.id,
    displayName: r.displayName ?? r.id,
    customerTenantId: r.customer.tenantId.toLowerCase(),
    customerDisplayName: r.customer.displayName ?? r.customer.tenantId,
    status: r.status,
    endDateTime: r.endDateTime ?? null,
    createdDateTime: r.createdDateTime ?? null,
    activatedDateTime: r.activatedDateTime ?? null,
    autoExtendDuration: r.autoExtendDuration ?? null,
    roleIds: (r.accessDetails?.unifiedRoles ?? []).map((u) => u.roleDefinitionId.toLowerCase()),
  };
}

/** The partner tenant's Graph, as the connected automation account. */
export async function partnerGraph(options: { settings?: GraphSettings } = {}): Promise<PartnerGraph> {
  const settings = options.settings ?? graphSettings();
  const accountId = await connectedAccountId(settings);
  if (!accountId) throw new GraphFailure("not-connected", "The partner's automation account is not connected: connect it in Settings.");
  const auth = graphAuth(settings);
  const source = (renew?: boolean) => auth.delegatedToken(accountId, settings.partnerTenantId, { scopes: GDAP_SCOPES, forceRefresh: renew });
  await source(); // fail here, with the reason, rather than on the first list
  const graph = new GraphTenant(settings.partnerTenantId, "delegated", createGraphClient(settings, settings.partnerTenantId, source), source);
  // organization-get: displayName is among the basic fields; Organization.Read.All is consented for the licence read already.
  const orgSource = (renew?: boolean) => auth.delegatedToken(accountId, settings.partnerTenantId, { scopes: LICENCE_SCOPES, forceRefresh: renew });
  const org = new GraphTenant(settings.partnerTenantId, "delegated", createGraphClient(settings, settings.partnerTenantId, orgSource), orgSource);
  return {
    async organizationName() {
      const { body } = await org.request("GET", "/organization?$select=id,displayName", "reading the partner tenant's name");
      const first = (body as { value?: { displayName?: unknown }[] } | null)?.value?.[0];
      return typeof first?.displayName === "string" && first.displayName.length > 0 ? first.displayName : null;
    },
    async listGdapRelationships() {
      const raw = await graph.listAll<unknown>(RELATIONSHIPS, "reading the GDAP relationships");
      return raw.map(readRelationship).filter((r): r is GdapRelationship => r !== null);
    },
  };
}
