// Prisma's statements are prepared once per connection (statement-names.ts), on real Postgres.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useTestPrisma } from "../../testing/database";
import { MOST_NAMED_PARAMETERS } from "./statement-names";

describe("Prisma's statements on real Postgres", () => {
  const t = useTestPrisma();

  it("are prepared once per connection and run again by name, except those with long lists of values", async () => {
    const prepared = await t.prisma.$transaction(async (tx) => {
      // One connection: what it has prepared is in pg_prepared_statements.
      const list = () => tx.$queryRaw<{ name: string; calls: bigint }[]>`
        select name, generic_plans + custom_plans as calls from pg_prepared_statements where name like 'portal\\_%'`;
      const before = await list();
      for (let i = 0; i < 3; i += 1) await tx.customerTenant.findMany({ where: { id: randomUUID() }, select: { id: true } });
      const ids = Array.from({ length: MOST_NAMED_PARAMETERS + 1 }, () => randomUUID());
      await tx.customerTenant.findMany({ where: { id: { in: ids } }, select: { id: true } });
      const after = await list();
      return after.filter((s) => !before.some((b) => b.name === s.name));
    });
    // The three reads: one statement, run three times; the long list: none (the list itself was
    // prepared by its first call, so it is in `before`).
    expect(prepared.map((s) => Number(s.calls))).toEqual([3]);
  });
});
