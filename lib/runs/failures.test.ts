import { describe, expect, it } from "vitest";
import { GraphFailure } from "../graph/tenant-graph-contract";
import { problemOf } from "./failures";

describe("problemOf", () => {
  it("keeps internal error text out of the stored sentence and logs it under the sentence's error id", () => {
    const logged: { detail: Record<string, unknown>; message: string }[] = [];
    const error = new Error("Invalid `prisma.bulkRunTenant.updateMany()` invocation: connect ECONNREFUSED 10.0.0.5:5432");
    const { problem, message } = problemOf(error, (detail, msg) => logged.push({ detail: detail as Record<string, unknown>, message: msg }), { runId: "r" });
    expect(problem).toBe("unknown");
    expect(message).toMatch(/^Stopped unexpectedly \(error id [0-9a-f-]{36}\); see the worker log\.$/);
    expect(message).not.toContain("prisma");
    expect(message).not.toContain("10.0.0.5");
    expect(logged).toHaveLength(1);
    expect(logged[0]!.detail).toMatchObject({ err: error, runId: "r" });
    expect(message).toContain(String(logged[0]!.detail.errorId));
  });

  it("keeps Graph's readable sentence as it is, logging nothing", () => {
    const logged: unknown[] = [];
    const failure = new GraphFailure("missing-role", "The MSP's access to this tenant is read-only.");
    expect(problemOf(failure, (d) => logged.push(d))).toEqual({ problem: "missing-role", message: failure.message });
    expect(logged).toEqual([]);
  });
});
