// The bulk wizard's preview: a run of kind bulk-fix over the selected tenants, read by the run
// service's preview jobs (lib/runs). Confirming, cancelling and retrying are the run service's.
import type { PrismaClient } from "../db/generated/client";
import { currentTarget, startPreview, type Requester, type RunQueue } from "../runs";
import { runOptionsOf, type BulkOptions } from "./options";

export async function startBulkPreview(input: {
  prisma: PrismaClient;
  queue?: RunQueue;
  tenantIds: readonly string[];
  options: BulkOptions;
  requestedBy: Requester;
  partnerTenantId: string | undefined;
}): Promise<string> {
  return startPreview({
    prisma: input.prisma,
    queue: input.queue,
    kind: "bulk-fix",
    target: await currentTarget(input.prisma, input.partnerTenantId, "exclude-service-provider"),
    options: runOptionsOf(input.options),
    requestedBy: input.requestedBy,
    tenantIds: input.tenantIds,
  });
}
