// A bulk preview over a fleet of 10,000 tenants starts as it does over ten: every tenant gets its row
// and its read job, and nothing is written in a way pg warns about (lib/db/in-chunks.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestPrisma } from "@/testing/database";
import { runOptionsOf } from "../bulk/options";
import { startPreview } from "./start-preview";
import type { RunJob, RunQueue } from "./queue";

const FLEET = 10_000;
const id = (n: number) => `${n.toString(16).padStart(8, "0")}-5555-4555-8555-555555555555`;
const MSP = "dddddddd-1111-4111-8111-dddddddddddd";

describe("starting a preview of 10,000 tenants", () => {
  const t = useTestPrisma();
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);

  beforeAll(async () => {
    await t.prisma.customerTenant.createMany({
      data: Array.from({ length: FLEET }, (_, n) => ({ id: id(n), displayName: `Tenant ${n}`, policyCount: n % 7 })),
    });
    process.on("warning", onWarning);
  });
  afterAll(() => void process.off("warning", onWarning));

  it("stores a row and sends a read job for every tenant, without a warning", async () => {
    const sent: RunJob[] = [];
    const queue: RunQueue = { send: async (_queue, jobs) => void sent.push(...jobs), liveJobs: async () => [] };
    const runId = await startPreview({
      prisma: t.prisma,
      queue,
      kind: "bulk-fix",
      target: { action: "exclude-service-provider", partnerTenantId: MSP },
      options: runOptionsOf({ fix: "exclude-service-provider", includeDisabledAndReportOnly: false, includeNeedsReview: false }),
      requestedBy: { id: null, upn: "operator@msp.example" },
      tenantIds: Array.from({ length: FLEET }, (_, n) => id(n).toUpperCase()),
    });
    expect(await t.prisma.runTenant.count({ where: { runId, status: "reading" } })).toBe(FLEET);
    expect(new Set(sent.map((j) => (j.data as { tenantId: string }).tenantId)).size).toBe(FLEET);
    await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    expect(warnings).toEqual([]);
  });
});
