// Which confirmations write to the MSP's own tenant (and so need a fresh sign-in): decided from the
// run as stored.
import { describe, expect, it } from "vitest";
import { useTestPrisma } from "../../testing/database";
import { writesToPartnerTenant } from "./partner-write";

const PARTNER = "aaaaaaaa-1111-4111-8111-111111111111";
const CUSTOMER = "bbbbbbbb-2222-4222-8222-222222222222";

describe("writesToPartnerTenant", () => {
  const t = useTestPrisma();
  async function run(kind: string, action: string, tenantIds: string[]) {
    const r = await t.prisma.remediationRun.create({ data: { kind, action, requestedByUpn: "op@msp.example", target: {}, options: {} } });
    for (const tenantId of tenantIds) await t.prisma.runTenant.create({ data: { runId: r.id, tenantId } });
    return r.id;
  }

  it("the partner page's runs and the service account's actions: yes; a customer fix: no; a run that includes the partner tenant: yes", async () => {
    expect(await writesToPartnerTenant(t.prisma, await run("service-account-fix", "enforce-service-account-policy", [PARTNER]), PARTNER)).toBe(true);
    expect(await writesToPartnerTenant(t.prisma, await run("tenant-fix", "exclude-service-account", [CUSTOMER]), PARTNER)).toBe(true);
    expect(await writesToPartnerTenant(t.prisma, await run("bulk-fix", "exclude-service-provider", [CUSTOMER]), PARTNER)).toBe(false);
    expect(await writesToPartnerTenant(t.prisma, await run("bulk-fix", "exclude-service-provider", [CUSTOMER, PARTNER]), PARTNER.toUpperCase())).toBe(true);
    expect(await writesToPartnerTenant(t.prisma, crypto.randomUUID(), PARTNER)).toBe(false);
  });
});
