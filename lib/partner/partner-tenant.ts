// Graph for the MSP's own tenant. Conditional Access goes through lib/graph's tenantGraph(), which
// reaches the partner tenant like any other: delegated as the connected automation account (here in
// its home tenant, so no GDAP is involved and the account's own directory role, Conditional Access
// Administrator, applies), or app-only where the app holds application permissions there.
//
// The dedicated policy's writes may need Graph's /beta (v1.0 has been reported to refuse sign-in
// frequency "every time" for all cloud apps, and a PATCH is judged on the whole resulting policy),
// but TenantGraph only offers a version for createPolicy. lib/graph's GraphTenant (what tenantGraph
// returns) has the generic request(); it is used for that one PATCH rather than adding to lib/graph.
import "server-only";
import { GraphTenant, tenantGraph } from "../graph/tenant-graph-client";
import type { GraphWriteResult, TenantGraph } from "../graph/tenant-graph-contract";
import { policyPath } from "../remediation";
import { partnerTenantIdOf, type PartnerContext } from "./context";

export type ApiVersion = "v1.0" | "beta";

export interface PartnerTenant {
  /** For the remediation engine and reads. */
  graph: TenantGraph;
  patchPolicy(policyId: string, body: object, apiVersion: ApiVersion): Promise<GraphWriteResult>;
}

export async function openPartnerTenant(ctx: PartnerContext): Promise<PartnerTenant> {
  const graph = await tenantGraph(partnerTenantIdOf(ctx), { settings: ctx.settings });
  return {
    graph,
    async patchPolicy(policyId, body, apiVersion) {
      if (apiVersion === "v1.0") return graph.patchPolicy(policyId, body);
      if (!(graph instanceof GraphTenant)) throw new Error("A /beta PATCH needs lib/graph's GraphTenant.");
      const r = await graph.request("PATCH", policyPath(policyId), `changing policy ${policyId} through /beta`, { body, version: "beta" });
      return { status: r.status, requestId: r.requestId, clientRequestId: r.clientRequestId, body: r.status === 204 ? null : r.body };
    },
  };
}
