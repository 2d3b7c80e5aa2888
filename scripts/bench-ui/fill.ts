// Fills the scratch database up to the bench's fleet size with copies of tenants the worker really
// synced. Syncing 10,000 tenants through the worker costs about 0.4 CPU-second each (an hour of CPU,
// hours on this shared 2-core machine); what the tenants page reads is only the stored rows, so a
// sample is synced for real and copied (new ids, "· copy k" names and domains), keeping the real
// mix of access health, GDAP, counts and reasons. The bench says how many rows are copies.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/db/generated/client";

/** Copies the stored tenants until there are `target`; returns how many rows it added. */
export async function fillWithCopies(prisma: PrismaClient, target: number): Promise<number> {
  const synced = await prisma.customerTenant.findMany({ orderBy: { id: "asc" } });
  if (synced.length === 0) throw new Error("no tenant was synced: nothing to copy");
  const missing = target - synced.length;
  for (let from = 0; from < missing; from += 1000) {
    const data = Array.from({ length: Math.min(1000, missing - from) }, (_v, i) => {
      const n = from + i;
      const t = synced[n % synced.length]!;
      const copy = Math.floor(n / synced.length) + 1;
      return {
        ...t,
        id: randomUUID(),
        displayName: `${t.displayName} · copy ${copy}`,
        defaultDomain: t.defaultDomain ? `copy${copy}.${t.defaultDomain}` : null,
        createdAt: undefined,
        updatedAt: undefined,
      };
    });
    await prisma.customerTenant.createMany({ data });
  }
  return Math.max(0, missing);
}
