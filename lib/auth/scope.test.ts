import { describe, expect, it } from "vitest";
import { ALL_TENANTS, describeScope, inScope, outOfScopeMessage, tenantIdFilter, type TenantScope } from "./scope";

const A = "aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa";
const B = "bbbbbbbb-1111-4111-8111-bbbbbbbbbbbb";
const west: TenantScope = { all: false, tenantIds: new Set([A]), groups: ["West", "North"] };
const none: TenantScope = { all: false, tenantIds: new Set(), groups: [] };

describe("tenant scope", () => {
  it("holds every tenant for all tenants, only its groups' tenants otherwise, whatever the case of the id", () => {
    expect(inScope(ALL_TENANTS, B)).toBe(true);
    expect(inScope(west, A.toUpperCase())).toBe(true);
    expect(inScope(west, B)).toBe(false);
    expect(inScope(none, A)).toBe(false);
  });

  it("filters nothing for all tenants and exactly the scope's ids otherwise (none: an empty list, not no filter)", () => {
    expect(tenantIdFilter(ALL_TENANTS)).toBeUndefined();
    expect(tenantIdFilter(west)).toEqual({ in: [A] });
    expect(tenantIdFilter(none)).toEqual({ in: [] });
  });

  it("says what the scope is and why a tenant is refused, in words", () => {
    expect(describeScope(ALL_TENANTS)).toBe("all tenants");
    expect(describeScope(west)).toBe("the tenant groups West, North");
    expect(describeScope(none)).toBe("no tenants (no tenant group assigned)");
    expect(outOfScopeMessage(west)).toBe(
      "This tenant is outside your tenant scope (the tenant groups West, North). Ask a portal admin to add it to one of your groups.",
    );
    expect(outOfScopeMessage(west, 3)).toBe(
      "3 of these tenants are outside your tenant scope (the tenant groups West, North). Ask a portal admin to add them to one of your groups.",
    );
  });
});
