// The contract suite's target in the local cloud: two customer tenants of the seeded fleet where the portal's
// app is consented as the live suite's two apps are (testing/contract/targets.ts): in the first with
// Policy.Read.All, Policy.ReadWrite.ConditionalAccess and Organization.Read.All, in the second with only
// Policy.ReadWrite.ConditionalAccess (the local cloud has one app registration, so the write-only app is the
// same app in another tenant: a refusal for missing permission comes before any lookup, as on Graph).
import { caTrustingNetworkClient, httpsRequest } from "@/emulator/login/test-https-client";
import type { RunningEmulator } from "@/emulator/server";
import type { ContractTarget } from "./graph-contract";
import { appOnlyGraph, type Http } from "./targets";

const FULL_ROLES = ["Policy.Read.All", "Policy.ReadWrite.ConditionalAccess", "Organization.Read.All"];
const WRITE_ONLY_ROLES = ["Policy.ReadWrite.ConditionalAccess"];

/** `timeScale`: the emulator's; the suite paces at the scaled 1 request per second (with a margin). */
export async function localCloudTarget(em: RunningEmulator, timeScale: number): Promise<ContractTarget> {
  const healthy = em.fleet.customers.filter((t) => t.tags[0] === "healthy");
  const [tenant, other] = healthy;
  if (!tenant || !other) throw new Error("the fleet has fewer than two healthy customers");
  const app = em.fleet.portalApp;
  const consent = async (tenantId: string, appRoles: string[]) => {
    const delegatedScopes = em.fleet.consent(tenantId, app.clientId)?.delegatedScopes ?? [];
    const res = await httpsRequest(`${em.url}/_emulator/faults`, em.ca, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ tenantId, appConsent: { delegatedScopes, appRoles } }),
    });
    if (res.status !== 200) throw new Error(`consenting the app in ${tenantId}: ${res.status} ${res.text}`);
  };
  await consent(tenant.id, FULL_ROLES);
  await consent(other.id, WRITE_ONLY_ROLES);
  const http: Http = (url, init) => httpsRequest(url, em.ca, init);
  const common = { authorityHost: em.url, graphUrl: em.url, http, msalNetworkClient: caTrustingNetworkClient(em.ca) };
  const credentials = { clientId: app.clientId, clientSecret: app.secrets[0]! };
  return {
    name: `the local cloud (${em.url}, tenant ${tenant.displayName})`,
    tenantId: tenant.id,
    paceMs: Math.ceil(1000 * timeScale * 1.5),
    graph: appOnlyGraph({ ...common, tenantId: tenant.id, app: credentials }),
    writeOnlyGraph: appOnlyGraph({ ...common, tenantId: other.id, app: credentials }),
  };
}
