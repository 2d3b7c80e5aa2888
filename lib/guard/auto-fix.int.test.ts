import { describe, expect, it } from "vitest";
import { useTestPrisma } from "../../testing/database";
import { endUnconfirmedPreviews, UNCONFIRMED_AFTER_MS } from "./auto-fix";

const TENANT = "0f0f0f0f-1111-4111-8111-0f0f0f0f0f0f";
const OTHER = "0e0e0e0e-1111-4111-8111-0e0e0e0e0e0e";

describe("the drift guard's unconfirmed previews", () => {
  const t = useTestPrisma();

  async function run(tenantId: string, opts: { system: string | null; status: "previewed" | "queued"; ageMs: number }) {
    const created = await t.prisma.remediationRun.create({
      data: {
        kind: opts.system ? "guard-fix" : "single-tenant",
        action: "exclude-service-provider",
        status: opts.status,
        requestedByUpn: opts.system ? "drift guard" : "operator@msp.example",
        requestedBySystem: opts.system,
        target: {},
        options: {},
        createdAt: new Date(Date.now() - opts.ageMs),
        tenants: { create: { tenantId, status: opts.status === "previewed" ? "previewed" : "queued" } },
      },
      select: { id: true },
    });
    return created.id;
  }

  it("ends a preview the guard recorded but never confirmed, so it no longer holds the tenant; nothing else", async () => {
    for (const id of [TENANT, OTHER]) await t.prisma.customerTenant.create({ data: { id, displayName: `Tenant ${id.slice(0, 4)}` } });
    const stuck = await run(TENANT, { system: "drift-guard", status: "previewed", ageMs: UNCONFIRMED_AFTER_MS + 5_000 });
    const justRecorded = await run(TENANT, { system: "drift-guard", status: "previewed", ageMs: 1_000 });
    const queued = await run(TENANT, { system: "drift-guard", status: "queued", ageMs: 10 * UNCONFIRMED_AFTER_MS });
    const persons = await run(TENANT, { system: null, status: "previewed", ageMs: 10 * UNCONFIRMED_AFTER_MS });
    const otherTenant = await run(OTHER, { system: "drift-guard", status: "previewed", ageMs: 10 * UNCONFIRMED_AFTER_MS });

    expect(await endUnconfirmedPreviews(t.prisma, TENANT)).toBe(1);
    const status = async (id: string) => (await t.prisma.remediationRun.findUniqueOrThrow({ where: { id } })).status;
    expect(await status(stuck)).toBe("cancelled");
    const ended = await t.prisma.remediationRun.findUniqueOrThrow({ where: { id: stuck } });
    expect(ended.error).toBe("The drift guard could not confirm its own preview; nothing was written. The next sweep plans again.");
    expect(ended.finishedAt).not.toBeNull();
    expect([await status(justRecorded), await status(queued), await status(persons), await status(otherTenant)]).toEqual([
      "previewed",
      "queued",
      "previewed",
      "previewed",
    ]);
  });
});
