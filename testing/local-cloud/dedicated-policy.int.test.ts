// recordedWrite and settleInterruptedWrites on a real Postgres (history triggers included), with
// an in-memory partner tenant whose failures are injected: the paths the local cloud cannot
// produce on demand (a lost answer) and the exact retry rule.
import { describe, expect, it } from "vitest";
import { GraphFailure } from "../graph/tenant-graph-contract";
import { createRun, startRun } from "../remediation";
import { FakeTenantGraph } from "../../testing/remediation/fake-tenant-graph";
import { useTestPrisma } from "../../testing/database";
import type { ApiVersion, PartnerTenant } from "./partner-tenant";
import { recordedWrite, settleInterruptedWrites, SETTLED_APPLIED } from "./recorded-write";
import { liveDedicated } from "../../testing/partner/policies";

const PARTNER = "aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa";

function partnerTenant(): { tenant: PartnerTenant; fake: FakeTenantGraph; versions: ApiVersion[] } {
  const fake = new FakeTenantGraph(PARTNER, [liveDedicated()]);
  const versions: ApiVersion[] = [];
  return {
    fake,
    versions,
    tenant: {
      graph: fake,
      patchPolicy: (policyId, body, apiVersion) => {
        versions.push(apiVersion);
        return fake.patchPolicy(policyId, body);
      },
    },
  };
}

const enforce = (policyId: string) => ({
  action: "enforce-service-account-policy" as const,
  policyId,
  policyName: "CIPP Service Account Conditional Access Policy",
  before: null,
  reason: "Enforces the dedicated policy.",
  body: { state: "enabled" },
});

describe("recordedWrite", () => {
  const db = useTestPrisma();

  async function runningRun(): Promise<string> {
    const run = await createRun(db.prisma, { kind: "service-account-fix", requestedBy: { id: null, upn: "operator@msp.example" }, scope: {}, options: {} });
    await startRun(db.prisma, run.id);
    return run.id;
  }

  const rowsOf = (runId: string) => db.prisma.remediationChange.findMany({ where: { runId }, orderBy: { createdAt: "asc" } });

  it("retries once on /beta only for v1.0's everyTime refusal, one history row per attempt", async () => {
    const { tenant, fake, versions } = partnerTenant();
    const id = liveDedicated().id;
    fake.failNext(
      "patchPolicy",
      new GraphFailure("conflict", "Microsoft Graph refused the request.", {
        status: 400,
        graphMessage: "'everyTime' value … is not supported for this policy in this API version. Please use the beta endpoint.",
      }),
    );
    const runId = await runningRun();
    const outcome = await recordedWrite(db.prisma, tenant, runId, enforce(id));
    expect(versions).toEqual(["v1.0", "beta"]);
    expect(outcome).toMatchObject({ apiVersion: "beta", note: "Graph v1.0 refused sign-in frequency 'every time' for all cloud apps" });
    expect(outcome.attempts.map((a) => [a.apiVersion, a.result])).toEqual([
      ["v1.0", "failed"],
      ["beta", "applied"],
    ]);
    expect((await rowsOf(runId)).map((r) => [r.requestPath, r.result])).toEqual([
      [`/identity/conditionalAccess/policies/${id}`, "failed"],
      [`/beta/identity/conditionalAccess/policies/${id}`, "applied"],
    ]);
    expect(fake.policy(id).state).toBe("enabled");
  });

  it("does not retry any other refusal, and a /beta refusal is final", async () => {
    const { tenant, fake, versions } = partnerTenant();
    fake.failNext(
      "patchPolicy",
      new GraphFailure("security-defaults", "Security defaults are on.", { status: 400, graphMessage: "Security Defaults is enabled in the tenant." }),
    );
    const outcome = await recordedWrite(db.prisma, tenant, await runningRun(), enforce(liveDedicated().id));
    expect(versions).toEqual(["v1.0"]);
    expect(outcome.attempts.map((a) => a.result)).toEqual(["failed"]);
    expect((outcome.failure as GraphFailure).problem).toBe("security-defaults");

    const second = partnerTenant();
    const refusal = () => new GraphFailure("conflict", "refused", { status: 400, graphMessage: "'everyTime' is not supported in this API version." });
    second.fake.failNext("patchPolicy", refusal());
    second.fake.failNext("patchPolicy", refusal());
    const twice = await recordedWrite(db.prisma, second.tenant, await runningRun(), enforce(liveDedicated().id));
    expect(second.versions).toEqual(["v1.0", "beta"]);
    expect(twice.attempts.map((a) => a.result)).toEqual(["failed", "failed"]);
    expect(twice.answer).toBeNull();
  });

  it("keeps a write whose answer was lost pending, and the next write's settling confirms it by re-reading", async () => {
    const { tenant, fake } = partnerTenant();
    const id = liveDedicated().id;
    fake.failNext("patchPolicy", new GraphFailure("unavailable", "Microsoft Graph was unavailable (503 after retries).", { status: 503 }), {
      applyFirst: true,
    });
    const runId = await runningRun();
    const outcome = await recordedWrite(db.prisma, tenant, runId, enforce(id));
    expect(outcome.attempts).toMatchObject([{ apiVersion: "v1.0", result: "pending" }]);
    expect(outcome.attempts[0]?.error).toMatch(/not known yet/);
    expect((await rowsOf(runId)).map((r) => r.result)).toEqual(["pending"]);

    expect(await settleInterruptedWrites(db.prisma, tenant)).toBe(1);
    const [row] = await rowsOf(runId);
    expect(row).toMatchObject({ result: "applied", error: SETTLED_APPLIED });
    expect(await settleInterruptedWrites(db.prisma, tenant)).toBe(0);
  });
});
