// One Prisma client per process, over node-postgres through Prisma's driver adapter (no native
// query engine to download). Kept on globalThis so Next.js dev reloads do not open new pools.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { config } from "../config";
import { PrismaClient } from "./generated/client";

const holder = globalThis as unknown as { __portalPrisma?: PrismaClient };

export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }) });
}

export function db(): PrismaClient {
  holder.__portalPrisma ??= createPrismaClient(config().databaseUrl);
  return holder.__portalPrisma;
}
