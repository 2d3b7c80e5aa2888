-- One pace per tenant across processes (lib/graph/postgres-pace-store.ts): when the next Conditional
-- Access request to a tenant may be sent, on the database's clock.
--
-- UNLOGGED: the table takes two writes per Conditional Access request and none of them needs to
-- survive a crash (after one, Postgres empties it, so the first request to each tenant merely goes at
-- once), so they skip the write-ahead log. Prisma's schema has no notion of UNLOGGED, and needs none:
-- its schema engine (7.10) describes the table like any other, and its diff from the migrated
-- database to schema.prisma is empty; lib/db/migrate.int.test.ts checks the columns.

-- CreateTable
CREATE UNLOGGED TABLE "TenantCaPace" (
    "tenantId" TEXT NOT NULL,
    "notBefore" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "TenantCaPace_pkey" PRIMARY KEY ("tenantId")
);
