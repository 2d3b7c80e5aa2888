import { describe, expect, it } from "vitest";
import { RUN_KINDS } from "@/lib/runs/kinds";
import { actionLabel, apiVersionOf, runKindLabel } from "./labels";

describe("history labels", () => {
  it("words every recorded action, and shows an unknown one as it is", () => {
    expect(actionLabel("create-service-account-policy")).toBe("Create the dedicated policy");
    expect(actionLabel("exclude-service-account")).toBe("Exclude the service account");
    expect(actionLabel("something-new")).toBe("something-new");
  });

  it("words every kind of run", () => {
    for (const kind of RUN_KINDS) expect(runKindLabel(kind)).not.toBe(kind);
    expect(runKindLabel("service-account-fix")).toBe("Partner tenant");
    expect(runKindLabel("later-kind")).toBe("later-kind");
  });

  it("tells a /beta request from a v1.0 one", () => {
    expect(apiVersionOf("POST /beta/identity/conditionalAccess/policies")).toBe("beta");
    expect(apiVersionOf("PATCH /identity/conditionalAccess/policies/beta")).toBe("v1.0");
    expect(apiVersionOf(null)).toBeNull();
  });
});
