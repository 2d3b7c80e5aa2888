// The dashboard's GDAP sign-in counts: each tenant's newest proof of access, counted over the
// tenants the reader may see only.
import { describe, expect, it } from "vitest";
import { useTestPrisma } from "../../../testing/database";
import { ALL_TENANTS, type TenantScope } from "../../auth/scope";
import { recordProof } from "../../proof/record";
import { dashboard } from "./dashboard";

const id = (n: number) => `${n.toString(16).padStart(8, "0")}-4444-4444-8444-444444444444`;
const EMPTY = { scenarios: [], labels: [] };

describe("the dashboard's GDAP sign-in counts", () => {
  const t = useTestPrisma();

  it("counts each tenant's newest verdict, never-checked tenants apart, within the reader's scope", async () => {
    await t.prisma.customerTenant.createMany({ data: Array.from({ length: 8 }, (_, n) => ({ id: id(n), displayName: `Tenant ${n}` })) });
    // 0 blocked then gets in (the newer counts); 1 and 2 blocked; 3 after MFA; 4 not proven; 5, 6 and 7 never checked.
    const proofs: [number, "gets-in" | "gets-in-after-mfa" | "blocked" | "not-proven"][] = [
      [0, "blocked"],
      [0, "gets-in"],
      [1, "blocked"],
      [2, "blocked"],
      [3, "gets-in-after-mfa"],
      [4, "not-proven"],
    ];
    for (const [n, verdict] of proofs) await recordProof(t.prisma, { tenantId: id(n), kind: "live", verdict, result: EMPTY, error: null });
    expect((await dashboard(t.prisma, ALL_TENANTS)).signIn).toEqual({ getsIn: 1, afterMfa: 1, blocked: 2, notProven: 1, notChecked: 3 });
    const scoped: TenantScope = { all: false, tenantIds: new Set([id(1), id(5)]), groups: ["North"] };
    expect((await dashboard(t.prisma, scoped)).signIn).toEqual({ getsIn: 0, afterMfa: 0, blocked: 1, notProven: 0, notChecked: 1 });
  });
});
