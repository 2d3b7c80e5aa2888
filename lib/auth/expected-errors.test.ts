import { describe, expect, it } from "vitest";
import { GraphFailure } from "../graph/tenant-graph-contract";
import { TenantBusyError } from "../remediation/lock";
import { RunRefusal } from "../runs/errors";
import { ActionError } from "./action-client";
import { expectedError } from "./expected-errors";

describe("expected errors", () => {
  it("shows the refusals lib/ writes for a person, with their own code", () => {
    expect(expectedError(new RunRefusal("invalid", "A ticket reference is required."))).toEqual({
      code: "invalid",
      message: "A ticket reference is required.",
    });
    expect(expectedError(new RunRefusal("not-found", "No such run."))).toEqual({ code: "not-found", message: "No such run." });
    expect(expectedError(new ActionError("conflict", "Busy."))).toEqual({ code: "conflict", message: "Busy." });
  });

  it("shows another engine on the tenant as a conflict and Graph's sentence as a failure", () => {
    expect(expectedError(new TenantBusyError("t1"))?.code).toBe("conflict");
    expect(expectedError(new GraphFailure("gdap-inactive", "The GDAP relationship expired."))).toEqual({
      code: "failed",
      message: "The GDAP relationship expired.",
    });
  });

  it("recognises an error of another bundled copy of the class by its name", () => {
    const copy = Object.assign(new Error("No such preview."), { name: "RunRefusal", code: "not-found" });
    expect(expectedError(copy)).toEqual({ code: "not-found", message: "No such preview." });
  });

  it("keeps every other error (a database error names hosts and queries) for the log", () => {
    expect(expectedError(new Error("connect ECONNREFUSED 10.0.0.5:5432"))).toBeNull();
    expect(expectedError({ name: "RunRefusal", message: "not an Error" })).toBeNull();
    expect(expectedError(Object.assign(new Error("x"), { name: "RunRefusal", code: "forbidden" }))).toEqual({ code: "failed", message: "x" });
  });
});
