// After a run wrote the MSP's exclusion to a tenant, the engine asks Graph's What If again and keeps
// the proven verdict with the run (AccessProof kind after-run; history shows "proven: gets in"). A
// proof that cannot be made never fails the run: it is recorded with its reason (Graph) or logged.
import type { PrismaClient } from "../db/generated/client";
import type { TenantGraph } from "../graph/tenant-graph-contract";
import { proveTenant } from "./prove";
import { scenariosFrom } from "./scenarios";

export async function proveAfterRun(o: {
  prisma: PrismaClient;
  graph: TenantGraph;
  tenantId: string;
  runId: string;
  partnerTenantId: string;
  /** The tenant's GDAP role template ids, as the caller read them. */
  gdapRoles: readonly string[];
  /** The scenarios as the caller read them with storedScenariosJson (read here when absent or none). */
  storedScenarios?: unknown;
  warn: (detail: object, message: string) => void;
}): Promise<void> {
  try {
    const scenarios = await scenariosFrom(o.prisma, o.storedScenarios);
    await proveTenant({
      prisma: o.prisma,
      graph: o.graph,
      tenantId: o.tenantId,
      partnerTenantId: o.partnerTenantId,
      gdapRoles: o.gdapRoles,
      scenarios,
      kind: "after-run",
      runId: o.runId,
    });
  } catch (err) {
    o.warn({ err, tenantId: o.tenantId, runId: o.runId }, "proof of access after the run failed");
  }
}
