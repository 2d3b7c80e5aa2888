// One Prisma client per process, over node-postgres through Prisma's driver adapter (no native
// query engine to download). Kept on globalThis so Next.js dev reloads do not open new pools.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { config } from "../config";
import { PrismaClient } from "./generated/client";
import { statementName } from "./statement-names";

// On globalThis: Next.js may bundle this module more than once, and a client made by one copy is
// asked about by another.
const holder = globalThis as unknown as { __portalPrisma?: PrismaClient; __portalPrismaUrls?: WeakMap<PrismaClient, string> };
const urls = (holder.__portalPrismaUrls ??= new WeakMap<PrismaClient, string>());

export function createPrismaClient(databaseUrl: string, options: { poolSize?: number } = {}): PrismaClient {
  const client = new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl, max: options.poolSize ?? 10 }, { statementNameGenerator: statementName }),
    // Prisma keeps up to 1,000 compiled plans, and a batch ($transaction([...]), as the snapshot
    // store writes a tenant's policies) is keyed with its data: a worker that syncs or fixes a
    // thousand tenants held ~150 MB of old policy JSON there (heap snapshot, `npm run bench:bulk`).
    // The portal has far fewer distinct query shapes than this.
    queryPlanCacheMaxSize: 100,
    // A worker runs up to WORKER_CONCURRENCY jobs over this pool; most wait on Graph's pace, but when
    // many write at once a transaction waits its turn for a connection. Prisma's default wait of 2 s
    // made such a transaction fail under load (bench:guard at 1,000 tenants: a drift-guard run left
    // unconfirmed); waiting is right, failing is not.
    transactionOptions: { maxWait: 30_000, timeout: 60_000 },
  });
  urls.set(client, databaseUrl);
  return client;
}

/** The database a client was created for (advisory locks need their own connection to it). */
export function databaseUrlOf(prisma: PrismaClient): string {
  const url = urls.get(prisma);
  if (!url) throw new Error("This Prisma client was not made by createPrismaClient, so its database is unknown.");
  return url;
}

export function db(): PrismaClient {
  holder.__portalPrisma ??= createPrismaClient(config().databaseUrl);
  return holder.__portalPrisma;
}
