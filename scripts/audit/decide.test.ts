import { describe, expect, it } from "vitest";
import { exceptionsSchema, judgeAudit, type AuditException } from "./decide";

const report = (vulnerabilities: Record<string, unknown>) => JSON.stringify({ auditReportVersion: 2, vulnerabilities, metadata: {} });
const next = {
  next: {
    name: "next",
    severity: "critical",
    via: [
      { source: 1, name: "next", url: "https://github.com/advisories/GHSA-f82v-jwr5-mffw", title: "Authorization bypass in middleware", severity: "critical" },
    ],
  },
  postcss: {
    name: "postcss",
    severity: "moderate",
    via: [{ source: 2, name: "postcss", url: "https://github.com/advisories/GHSA-7fh5-64p2-3v2j", title: "Line return parsing", severity: "moderate" }],
  },
  "eslint-thing": { name: "eslint-thing", severity: "critical", via: ["next"] },
};
const accept = (until: string): AuditException => ({
  advisory: "GHSA-f82v-jwr5-mffw",
  package: "next",
  reason: "the portal does not use the affected middleware feature",
  acceptedBy: "security lead",
  until,
});

describe("judgeAudit", () => {
  it("passes a report without high or critical advisories", () => {
    expect(judgeAudit(report({ postcss: next.postcss }), [], "2026-12-06")).toEqual({ kind: "passed", accepted: [], expired: [] });
  });

  it("fails on a high or critical advisory, naming it once (not again for packages that only depend on it)", () => {
    const v = judgeAudit(report(next), [], "2026-12-06");
    expect(v).toMatchObject({ kind: "failed", findings: [{ advisory: "GHSA-f82v-jwr5-mffw", package: "next", severity: "critical" }] });
    expect(v.kind === "failed" && v.findings).toHaveLength(1);
  });

  it("passes an advisory accepted in audit-exceptions.json until its date, and fails it again after", () => {
    expect(judgeAudit(report(next), [accept("2026-12-31")], "2026-12-06")).toMatchObject({ kind: "passed", accepted: [{ advisory: "GHSA-f82v-jwr5-mffw" }] });
    expect(judgeAudit(report(next), [accept("2026-12-01")], "2026-12-06")).toMatchObject({ kind: "failed", expired: [{ until: "2026-12-01" }] });
  });

  it("says the audit was not done when the registry could not answer, never that it was clean", () => {
    const refused = JSON.stringify({ message: "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk", statusCode: 405 });
    expect(judgeAudit(refused, [], "2026-12-06")).toEqual({ kind: "not-done", reason: expect.stringContaining("405 Method Not Allowed") });
    expect(judgeAudit("", [], "2026-12-06")).toMatchObject({ kind: "not-done" });
  });

  it("accepts an exception only with an advisory id, a reason, who and until when", () => {
    expect(exceptionsSchema.safeParse([accept("2027-01-31")]).success).toBe(true);
    expect(exceptionsSchema.safeParse([{ ...accept("2027-01-31"), reason: "ok" }]).success).toBe(false);
    expect(exceptionsSchema.safeParse([{ ...accept("2027-01-31"), advisory: "CVE-2025-29927" }]).success).toBe(false);
    expect(exceptionsSchema.safeParse([{ ...accept("someday") }]).success).toBe(false);
  });
});
