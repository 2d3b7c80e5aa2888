import { describe, expect, it } from "vitest";
import type { TenantGraph } from "../graph/tenant-graph-contract";
import { accessOf } from "./sync";

const graph = (access: TenantGraph["access"], fallbackReason?: TenantGraph["fallbackReason"]) => ({ access, fallbackReason }) as TenantGraph;

describe("how a tenant is reached, in words", () => {
  it("says nothing more when GDAP delegated access works", () => {
    expect(accessOf(graph("delegated"))).toEqual({ accessHealth: "delegated", accessReason: null });
  });

  it("reports a CA block even when the portal gets in app-only: the MSP's people are still blocked", () => {
    const r = accessOf(graph("app-only", { problem: "blocked-by-ca", message: "Policy p1 blocks the GDAP sign-in (AADSTS53003)." }));
    expect(r.accessHealth).toBe("blocked-by-ca");
    expect(r.accessReason).toBe("Policy p1 blocks the GDAP sign-in (AADSTS53003). The portal reads and fixes this tenant with its app's own permissions.");
  });

  it("explains app-only access by the reason delegated access failed", () => {
    expect(accessOf(graph("app-only", { problem: "gdap-inactive", message: "The GDAP relationship expired" }))).toEqual({
      accessHealth: "app-only",
      accessReason: "Delegated access is not possible (The GDAP relationship expired); the portal uses its app's own permissions.",
    });
  });
});
