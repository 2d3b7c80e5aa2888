import { expect, test } from "@playwright/test";
import { fleet } from "./support/local-cloud";
import { ensureConnected, syncAll } from "./support/portal";

test.describe("tenants", () => {
  test("an admin connects the automation account, syncs, and the tenants page shows the fleet with reasons in words", async ({ page }) => {
    test.setTimeout(180_000);
    await ensureConnected(page);
    await syncAll(page);
    const f = await fleet();
    await page.goto("/tenants");
    await expect(page.getByTestId("tenants-summary")).toContainText(`${f.customers.length} tenants`);
    for (const header of ["Tenant", "GDAP", "Access", "Reason", "Policies", "Need fix", "Need review", "Last synced", "Last change"]) {
      await expect(page.getByRole("columnheader", { name: header })).toBeVisible();
    }

    const cases: [string, RegExp, RegExp][] = [
      ["gdap-expired", /GDAP not active/, /expired/i],
      ["no-p1", /No Entra ID P1/, /P1|licen[cs]e/i],
      ["blocked-by-ca", /Blocked by CA/, /AADSTS53003|Conditional Access/],
    ];
    const search = page.getByRole("searchbox");
    for (const [scenario, chip, reason] of cases) {
      const tenant = f.customers.find((c) => c.scenario === scenario)!;
      await search.fill(tenant.displayName);
      const row = page.getByRole("row").filter({ hasText: tenant.displayName });
      await expect(row).toHaveCount(1);
      await expect(row).toContainText(chip);
      await expect(row).toContainText(reason);
    }
    await search.fill("");
    await page.screenshot({ path: "test-results/screenshots/tenants.png", fullPage: true });
  });
});
