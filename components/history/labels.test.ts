import { describe, expect, it } from "vitest";
import { actionLabel, apiVersionOf } from "./labels";

describe("history labels", () => {
  it("words every recorded action, and shows an unknown one as it is", () => {
    expect(actionLabel("create-service-account-policy")).toBe("Create the dedicated policy");
    expect(actionLabel("exclude-service-account")).toBe("Exclude the service account");
    expect(actionLabel("something-new")).toBe("something-new");
  });

  it("tells a /beta request from a v1.0 one", () => {
    expect(apiVersionOf("POST /beta/identity/conditionalAccess/policies")).toBe("beta");
    expect(apiVersionOf("PATCH /identity/conditionalAccess/policies/beta")).toBe("v1.0");
    expect(apiVersionOf(null)).toBeNull();
  });
});
