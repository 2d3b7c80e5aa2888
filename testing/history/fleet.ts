// A history of 1,203 changes to three tenants (issue 19's tests of paging and the CSV): more than a
// batch of 500 twice, with many changes at the same instant, so only the id keeps the order total.
import type { TenantScope } from "../../lib/auth/scope";
import type { PrismaClient } from "../../lib/db/generated/client";

export const CHANGES = 1203;
export const TENANTS = ["aaaaaaaa-5555-4555-8555-aaaaaaaaaaaa", "bbbbbbbb-5555-4555-8555-bbbbbbbbbbbb", "cccccccc-5555-4555-8555-cccccccccccc"] as const;
export const NAMES = ["Alpha", "Bravo", "Charlie"] as const;
/** A technician who may see Alpha and Charlie only. */
export const ALPHA_AND_CHARLIE: TenantScope = { all: false, tenantIds: new Set([TENANTS[0], TENANTS[2]]), groups: ["West"] };

const START = Date.UTC(2026, 10, 1);
const EXCLUDE = {
  action: "exclude-service-provider",
  target: { action: "exclude-service-provider", partnerTenantId: "dddddddd-5555-4555-8555-dddddddddddd" },
  options: { scope: {}, offerNeedsReview: true },
};

/**
 * Change n goes to tenant n % 3, fails when n % 4 is 0 (else applied), is in ada's run when n is even
 * (else bob's), and is recorded at START + floor(n / 7) hours: seven changes an hour, on 8 days.
 * Its policy is "Policy <n>" (4 digits), so a row says which change it is.
 */
export async function recordFleetHistory(prisma: PrismaClient): Promise<{ ada: string; bob: string }> {
  await prisma.customerTenant.createMany({ data: TENANTS.map((id, i) => ({ id, displayName: NAMES[i]! })) });
  const [ada, bob] = await Promise.all(
    ["ada@msp.example", "bob@msp.example"].map((upn) =>
      prisma.remediationRun.create({ data: { kind: "bulk-fix", status: "succeeded", requestedByUpn: upn, ...EXCLUDE, createdAt: new Date(START) } }),
    ),
  );
  await prisma.remediationChange.createMany({
    data: Array.from({ length: CHANGES }, (_, n) => ({
      runId: n % 2 === 0 ? ada!.id : bob!.id,
      tenantId: TENANTS[n % 3]!,
      policyId: `p-${n}`,
      policyName: `Policy ${String(n).padStart(4, "0")}`,
      action: "exclude-service-provider",
      plannedOutcome: "patch",
      result: n % 4 === 0 ? "failed" : "applied",
      reason: "applies to all users",
      warnings: [],
      createdAt: new Date(START + Math.floor(n / 7) * 3_600_000),
    })),
  });
  return { ada: ada!.id, bob: bob!.id };
}

/** The changes (by n) that match a test over n, as their policy names. */
export const policiesOf = (test: (n: number) => boolean): string[] =>
  Array.from({ length: CHANGES }, (_, n) => n)
    .filter(test)
    .map((n) => `Policy ${String(n).padStart(4, "0")}`);

/** History's order, as SQL sorts it: newest first, and the id (a uuid, compared as its hex) among changes of one instant. */
export const newestFirst = (a: { at: string; id: string }, b: { at: string; id: string }): number => b.at.localeCompare(a.at) || b.id.localeCompare(a.id);
