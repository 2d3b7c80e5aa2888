import { describe, expect, it } from "vitest";
import { roleForRun } from "./run-role";

describe("roleForRun", () => {
  it("lets operators fix a selection and keeps every tenant at once for admins", () => {
    expect(roleForRun(20, 40)).toBe("operator");
    expect(roleForRun(39, 40)).toBe("operator");
    expect(roleForRun(40, 40)).toBe("admin");
  });

  it("does not call one tenant 'all tenants'", () => {
    expect(roleForRun(1, 1)).toBe("operator");
  });
});
