import { describe, expect, it } from "vitest";
import { userSearchFilter } from "./user-search-filter";

describe("userSearchFilter", () => {
  it("matches the start of the display name or the UPN", () => {
    expect(userSearchFilter("svc")).toBe("startswith(displayName,'svc') or startswith(userPrincipalName,'svc')");
  });

  it("trims the query and doubles quotes, so the text stays one OData literal", () => {
    expect(userSearchFilter("  o'brien ")).toBe("startswith(displayName,'o''brien') or startswith(userPrincipalName,'o''brien')");
    expect(userSearchFilter("x') or true or ('")).toBe("startswith(displayName,'x'') or true or (''') or startswith(userPrincipalName,'x'') or true or (''')");
  });

  it("refuses an empty or overlong query", () => {
    expect(() => userSearchFilter("   ")).toThrow(/Type the start/);
    expect(() => userSearchFilter("a".repeat(101))).toThrow();
  });
});
