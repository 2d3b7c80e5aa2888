import { expect, test } from "@playwright/test";
import { controlPlane, fleet } from "./support/local-cloud";
import { ensureConnected, syncAll } from "./support/portal";

test.describe("tenants", () => {
  test("an admin connects the automation account, syncs, and the tenants page shows the fleet with reasons in words", async ({ page }) => {
    test.setTimeout(180_000);
    await ensureConnected(page);
    const f = await fleet();
    // The partner removed every access assignment of one customer's relationship: still active, but Entra
    // refuses the GDAP sign-in with its ordinary AADSTS50020, which says nothing about GDAP. The class comes
    // from the relationships the sync read, never from that text. The customer is one where the portal holds
    // no delegated token yet (its app is not consented there): a token Entra issued before the removal stays
    // valid until it expires, on Microsoft as in the local cloud.
    const unassigned = f.customers.filter((c) => c.scenario === "no-app-consent").at(-1)!;
    const cp = await controlPlane();
    const fault = await cp.post("/_emulator/faults", { data: { tenantId: unassigned.tenantId, gdapAccessAssignments: "none" } });
    expect(fault.ok(), await fault.text()).toBe(true);
    await cp.dispose();
    await syncAll(page);
    const stillBlocked = new Set(
      ((await (await page.request.get("/api/tenants")).json()) as { id: string; accessHealth: string | null }[])
        .filter((r) => r.accessHealth === "blocked-by-ca")
        .map((r) => r.id),
    );
    await page.goto("/tenants");
    await expect(page.getByTestId("tenants-summary")).toContainText(`${f.customers.length} tenants`);
    // GDAP in full (issue 17, acceptance 5): when access ends and the roles granted are shown by default.
    for (const header of [
      "Tenant",
      "GDAP",
      "Access ends",
      "Roles granted",
      "Access",
      "Reason",
      "Policies",
      "Need fix",
      "Need review",
      "Last synced",
      "Last change",
    ]) {
      await expect(page.getByRole("columnheader", { name: header, exact: true })).toBeVisible();
    }

    // The class (chip) and the reason in words, with Entra's code or Graph's answer kept in it.
    const cases: [{ tenantId: string; displayName: string }, RegExp, RegExp][] = [
      [f.customers.find((c) => c.scenario === "gdap-expired")!, /GDAP not active/, /relationship with this customer is expired, not active.*AADSTS50020/],
      [unassigned, /No GDAP/, /is active, but Entra refuses the automation account: it is in no security group with an access assignment.*AADSTS50020/],
      [
        f.customers.find((c) => c.scenario === "no-p1")!,
        /No Entra ID P1/,
        /no Microsoft Entra ID P1 licence \(no AAD_PREMIUM service plan\).*403 AccessDenied/,
      ],
      // One still blocked: other specs fix some of these tenants first, and a fixed one is no longer blocked.
      [f.customers.find((c) => c.scenario === "blocked-by-ca" && stillBlocked.has(c.tenantId))!, /Blocked by CA/, /AADSTS53003|Conditional Access/],
    ];
    const search = page.getByRole("searchbox");
    for (const [tenant, chip, reason] of cases) {
      await search.fill(tenant.displayName);
      // Exactly this tenant's row (another tenant's name may start with this one's).
      const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: tenant.displayName, exact: true }) });
      await expect(row).toHaveCount(1);
      await expect(row).toContainText(chip);
      await expect(row).toContainText(reason);
    }
    await search.fill("");
    await page.screenshot({ path: "test-results/screenshots/tenants.png", fullPage: true });
  });
});
