import { describe, expect, it } from "vitest";
import { ownWritesOnly, type GraphAnswer, type GraphCall } from "./graph-contract";
import { readLiveEnv } from "./targets";

const OWN = "3f1c2e4a-1111-4222-8333-444455556666";
const OTHER = "9a8b7c6d-1111-4222-8333-444455556666";

describe("ownWritesOnly: the contract suite writes only to the policies it created", () => {
  it("lets reads, creates and its own policies through; refuses any other write before sending it", async () => {
    const sent: string[] = [];
    const call: GraphCall = async (method, path) => {
      sent.push(`${method} ${path}`);
      return { status: 200, headers: {}, body: null } satisfies GraphAnswer;
    };
    const guarded = ownWritesOnly(call, [OWN]);
    await guarded("GET", `/identity/conditionalAccess/policies/${OTHER}`);
    await guarded("POST", "/identity/conditionalAccess/policies", {});
    await guarded("PATCH", `/identity/conditionalAccess/policies/${OWN}`, {});
    await guarded("DELETE", `https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies/${OWN}`);
    for (const [method, path] of [
      ["PATCH", `/identity/conditionalAccess/policies/${OTHER}`],
      ["DELETE", `/identity/conditionalAccess/policies/${OTHER}`],
      ["POST", "/identity/conditionalAccess/namedLocations"],
      ["PATCH", "/policies/identitySecurityDefaultsEnforcementPolicy"],
    ] as const) {
      expect(() => guarded(method, path, {})).toThrow(/refuses to .* it writes only to the policies it created/);
    }
    expect(sent).toEqual([
      `GET /identity/conditionalAccess/policies/${OTHER}`,
      "POST /identity/conditionalAccess/policies",
      `PATCH /identity/conditionalAccess/policies/${OWN}`,
      `DELETE https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies/${OWN}`,
    ]);
  });
});

describe("readLiveEnv", () => {
  const full = {
    CONTRACT_TENANT_ID: "3F1C2E4A-1111-4222-8333-444455556666",
    CONTRACT_CLIENT_ID: "c1",
    CONTRACT_CLIENT_SECRET: "s1",
    CONTRACT_WRITE_ONLY_CLIENT_ID: "c2",
    CONTRACT_WRITE_ONLY_CLIENT_SECRET: "s2",
  };
  it("reads a complete environment, with Microsoft's hosts by default", () => {
    expect(readLiveEnv(full)).toEqual({
      ok: true,
      config: {
        tenantId: "3f1c2e4a-1111-4222-8333-444455556666",
        full: { clientId: "c1", clientSecret: "s1" },
        writeOnly: { clientId: "c2", clientSecret: "s2" },
        authorityHost: "https://login.microsoftonline.com",
        graphUrl: "https://graph.microsoft.com",
      },
    });
  });
  it("lists every missing or invalid variable", () => {
    expect(readLiveEnv({ ...full, CONTRACT_CLIENT_SECRET: " ", CONTRACT_GRAPH_URL: "http://graph.local/v1.0" })).toEqual({
      ok: false,
      problems: ["CONTRACT_CLIENT_SECRET is not set", "CONTRACT_GRAPH_URL must be an https origin"],
    });
  });
});
